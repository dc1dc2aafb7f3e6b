using System.Data.Common;
using System.Globalization;

namespace Berth.Engine.Store;

/// <summary>Small helpers for the tables beside the revision log (credentials and the like) that both drivers share.</summary>
public static class SqlCommands
{
    /// <summary>A command with named parameters, as both Npgsql and Microsoft.Data.Sqlite read <c>@name</c>.</summary>
    public static DbCommand Create(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A time as the datastore's columns hold it: timestamptz on PostgreSQL (UTC, as Npgsql wants), ISO 8601 text on SQLite (it sorts as time).</summary>
    public static object Timestamp(DatastoreKind kind, DateTimeOffset value) =>
        kind == DatastoreKind.Postgres ? value.ToUniversalTime() : value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A time read back from a column <see cref="Timestamp"/> wrote.</summary>
    public static DateTimeOffset ReadTimestamp(object value) => value switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        _ => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };
}
