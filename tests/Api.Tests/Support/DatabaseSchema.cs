using System.Data.Common;
using Berth.Engine.Store;

namespace Berth.Api.Tests.Support;

/// <summary>A column as the database itself describes it.</summary>
internal sealed record DatabaseColumn(string Name, string Type, bool Nullable);

/// <summary>The tables of a migrated database as the database reports them (pg_catalog, or SQLite's pragmas), to hold a model against.</summary>
internal sealed record DatabaseSchema(IReadOnlyDictionary<string, IReadOnlyList<DatabaseColumn>> Tables, IReadOnlyDictionary<string, IReadOnlyList<string>> UniqueIndexes)
{
    public static async Task<DatabaseSchema> ReadAsync(DatastoreConfig datastore)
    {
        await using var connection = await Connections.OpenAsync(datastore, CancellationToken.None);
        var postgres = datastore.Kind == DatastoreKind.Postgres;
        var tables = new Dictionary<string, IReadOnlyList<DatabaseColumn>>();
        var unique = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var table in await ReadAsync(connection, postgres
                     ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                     : "SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0)))
        {
            tables[table] = await ReadAsync(connection, postgres
                ? $"""
                  SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
                  FROM pg_attribute a WHERE a.attrelid = 'public.{table}'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                  """
                : $"SELECT name, type, \"notnull\" = 0 FROM pragma_table_info('{table}')",
                r => new DatabaseColumn(r.GetString(0), r.GetString(1), Convert.ToBoolean(r.GetValue(2))));
            unique[table] = await ReadAsync(connection, postgres
                ? $"""
                  SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum))
                  FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                  WHERE i.indrelid = 'public.{table}'::regclass AND i.indisunique GROUP BY i.indexrelid
                  """
                : $"""
                  SELECT group_concat(c.name, ',') FROM pragma_index_list('{table}') l, pragma_index_info(l.name) c
                  WHERE l."unique" = 1 GROUP BY l.name
                  """,
                r => r.GetString(0));
            if (!postgres)
            {
                // An INTEGER PRIMARY KEY is SQLite's rowid and has no index to list: the key is read from the columns.
                var key = string.Join(',', await ReadAsync(connection, $"SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk", r => r.GetString(0)));
                unique[table] = key.Length == 0 ? unique[table] : [.. unique[table].Append(key).Distinct()];
            }
        }

        return new DatabaseSchema(tables, unique);
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
