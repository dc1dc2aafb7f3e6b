using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>The two flags that say where the store lives, shared by every verb that opens it.</summary>
internal sealed class DatastoreOptions
{
    /// <summary>Read when <c>--datastore</c> is absent, so a password need not sit on a command line (where <c>ps</c> shows it).</summary>
    public const string EnvironmentVariable = "BERTH_DATASTORE";

    private readonly Option<string> dataDirectory = new("--data-dir")
    {
        Description = "Directory for the embedded SQLite datastore",
        DefaultValueFactory = _ => "./data",
    };

    // No DefaultValueFactory reading the environment: help prints defaults, and this one may hold a password.
    private readonly Option<string?> datastore = new("--datastore")
    {
        Description = $"postgres://user:password@host:port/db, Host=...;Database=..., or sqlite:///path " +
                      $"(default: ${EnvironmentVariable}, else embedded SQLite in --data-dir)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(dataDirectory);
        command.Options.Add(datastore);
    }

    public string DataDirectory(ParseResult parse) => parse.GetValue(dataDirectory)!;

    public string? Datastore(ParseResult parse) =>
        parse.GetValue(datastore) ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
}
