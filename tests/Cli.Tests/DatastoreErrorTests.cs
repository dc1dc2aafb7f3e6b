using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>Bad input ends in one clear line on stderr and a non-zero exit, never a stack trace.</summary>
public sealed class DatastoreErrorTests
{
    [Theory]
    [InlineData("server", "mysql://root@127.0.0.1/berth")]
    [InlineData("server", "postgres://")]
    [InlineData("migrate", "postgres://")]
    [InlineData("migrate", "Port=5432;Database=berth")]
    public async Task A_datastore_that_does_not_parse_is_one_line_and_exit_1(string verb, string datastore)
    {
        using var dir = new TempDirectory();

        var result = await BerthCli.RunAsync(WithFreePortForServer(verb, "--data-dir", dir.Path, "--datastore", datastore));

        AssertOneLineFailure(result, "datastore");
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("server")]
    [InlineData("migrate")]
    public async Task An_unreachable_postgres_is_one_line_naming_it_without_the_password(string verb)
    {
        var port = FreePort.Pick(); // nothing listens there

        var result = await BerthCli.RunAsync(WithFreePortForServer(verb, "--datastore", $"postgres://berth:s3cret@127.0.0.1:{port}/berth"));

        AssertOneLineFailure(result, $"127.0.0.1:{port}");
        Assert.DoesNotContain("s3cret", result.Stderr);
    }

    [Fact]
    public async Task A_listen_address_that_does_not_parse_is_one_line()
    {
        using var dir = new TempDirectory();

        var result = await BerthCli.RunAsync("server", "--data-dir", dir.Path, "--listen", "8080");

        AssertOneLineFailure(result, "listen address '8080'");
    }

    [Theory]
    [InlineData("--history-retention", "5x")]
    [InlineData("--history-retention", "h")]
    [InlineData("--history-retention", "-1h")]
    [InlineData("--deleted-workspace-retention", "7 days")]
    public async Task A_retention_that_does_not_parse_is_one_line(string option, string retention)
    {
        using var dir = new TempDirectory();

        var result = await BerthCli.RunAsync("server", "--data-dir", dir.Path, option, retention);

        AssertOneLineFailure(result, $"{option} '{retention}' is not a duration");
    }

    [Fact]
    public async Task A_port_already_taken_is_one_line()
    {
        using var dir = new TempDirectory();
        await using var first = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0");

        var result = await BerthCli.RunAsync("server", "--data-dir", dir.Path, "--listen", first.Address.Authority);

        AssertOneLineFailure(result, first.Address.Authority);
    }

    /// <summary>The verb and its options, plus a free port for a server, so a server that wrongly started would not clash with another.</summary>
    private static string[] WithFreePortForServer(string verb, params string[] options) =>
        verb == "server" ? [verb, .. options, "--listen", "127.0.0.1:0"] : [verb, .. options];

    private static void AssertOneLineFailure(ProcessResult result, string mentions)
    {
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("berth: ", line);
        Assert.Contains(mentions, line);
    }
}
