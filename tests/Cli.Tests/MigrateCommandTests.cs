using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrating_embedded_sqlite_twice_applies_once_then_says_up_to_date()
    {
        using var dir = new TempDirectory();

        var first = await BerthCli.RunAsync("migrate", "--data-dir", dir.Path);
        var second = await BerthCli.RunAsync("migrate", "--data-dir", dir.Path);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied 0001_", first.Stdout);
        Assert.Contains(Path.Combine(dir.Path, "berth.db"), first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("Applied", second.Stdout);
        Assert.Contains("is up to date", second.Stdout);
    }

    [PostgresFact]
    public async Task Migrating_postgres_twice_applies_once_then_says_up_to_date()
    {
        await using var database = await TestDatabase.CreateAsync();

        var first = await BerthCli.RunAsync("migrate", "--datastore", database.Url);
        var second = await BerthCli.RunAsync("migrate", "--datastore", database.ConnectionString);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"Applied 0001_", first.Stdout);
        Assert.Contains(database.Name, first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("is up to date", second.Stdout);
    }

    [Fact]
    public async Task The_datastore_can_come_from_BERTH_DATASTORE()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "elsewhere.db");

        var result = await BerthCli.RunWithDatastoreVariableAsync($"sqlite://{file}", "migrate", "--data-dir", Path.Combine(dir.Path, "unused"));

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(file));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "unused")));
    }
}
