using Microsoft.Data.Sqlite;
using Npgsql;

namespace Berth.Engine.Store;

/// <summary>
/// Where the store lives, parsed from the one string users type (<c>--datastore</c>):
/// nothing (embedded SQLite under the data directory, like k3s), <c>sqlite:///path/to/file.db</c>,
/// <c>postgres://user:password@host:port/db</c>, or an Npgsql <c>Host=...;</c> connection string.
/// </summary>
public sealed record DatastoreConfig(DatastoreKind Kind, string ConnectionString)
{
    /// <summary>The datastore as it may be printed: never with a password.</summary>
    public string Display => Kind switch
    {
        DatastoreKind.Sqlite => "sqlite:" + new SqliteConnectionStringBuilder(ConnectionString).DataSource,
        _ => DescribePostgres(ConnectionString),
    };

    /// <summary>Parses <paramref name="datastore"/>; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static DatastoreConfig Parse(string? datastore, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(datastore))
        {
            return Sqlite(Path.Combine(dataDirectory, "berth.db"));
        }

        var text = datastore.Trim();
        if (text.StartsWith("sqlite://", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["sqlite://".Length..];
            if (path.Length == 0)
            {
                throw new FormatException("datastore 'sqlite://' names no file: use sqlite:///path/to/berth.db");
            }

            return Sqlite(path);
        }

        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new DatastoreConfig(DatastoreKind.Postgres, PostgresFromUrl(text));
        }

        if (text.Contains('='))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(text);
                if (string.IsNullOrEmpty(builder.Host))
                {
                    throw new FormatException("datastore connection string has no Host=");
                }

                return new DatastoreConfig(DatastoreKind.Postgres, builder.ConnectionString);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"datastore connection string does not parse: {e.Message}");
            }
        }

        throw new FormatException(
            $"datastore '{Redact(text)}' is not understood: use postgres://user@host:port/db, Host=...;Database=..., or sqlite:///path");
    }

    private static DatastoreConfig Sqlite(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        };
        return new DatastoreConfig(DatastoreKind.Sqlite, builder.ConnectionString);
    }

    private static string PostgresFromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"datastore URL '{Redact(text)}' does not parse: expected postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[name == "sslmode" ? "SSL Mode" : name] = value;
            }
            catch (ArgumentException)
            {
                throw new FormatException($"datastore URL option '{name}' is not a PostgreSQL connection option");
            }
        }

        return builder.ConnectionString;
    }

    private static string DescribePostgres(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var user = string.IsNullOrEmpty(b.Username) ? "" : b.Username + "@";
        return $"postgres://{user}{b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>Hides a password in something that looked like a URL, so errors never print one.</summary>
    private static string Redact(string text)
    {
        var at = text.IndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return text.Contains("password", StringComparison.OrdinalIgnoreCase) ? "(connection string)" : text;
        }

        var colon = text.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }
}
