using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

public sealed class HelpAndVersionTests
{
    [Fact]
    public async Task Version_names_berth_and_the_dotnet_runtime()
    {
        var result = await BerthCli.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^berth \d+\.\d+\.\d+", result.Stdout);
        Assert.Contains(".NET 10", result.Stdout);
    }

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var result = await BerthCli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.All(new[] { "server", "migrate", "agent", "version" }, verb => Assert.Contains($"  {verb} ", result.Stdout));
    }

    [Theory]
    [InlineData("server", "--listen")]
    [InlineData("server", "--datastore")]
    [InlineData("server", "--data-dir")]
    [InlineData("migrate", "--datastore")]
    [InlineData("agent", "--help")]
    [InlineData("version", "--help")]
    public async Task Every_verb_has_help(string verb, string option)
    {
        var result = await BerthCli.RunAsync(verb, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(option, result.Stdout);
    }

    [Fact]
    public async Task The_agent_verb_runs_natively_and_reads_as_the_clis()
    {
        var cli = await BerthCli.RunAsync("version"); // builds .artifacts/berth
        Assert.Equal(0, cli.ExitCode);

        var native = await BerthCli.RunAsync("agent", "--help");
        var fromCli = await ProcessRun.RunAsync("dotnet", [RepositoryRoot.File(".artifacts/berth/berth.dll"), "agent", "--help"], TimeSpan.FromSeconds(60));

        Assert.True(File.Exists(BerthCli.NativeAgent), "./berth agent published the native agent");
        Assert.Equal(0, native.ExitCode);
        Assert.Contains("Usage:\n  berth agent [options]", native.Stdout);
        Assert.Equal(fromCli.Stdout, native.Stdout);
    }

    [Fact]
    public async Task An_agent_without_its_server_or_credential_is_one_line_and_exit_1()
    {
        var noServer = await BerthCli.RunAsync("agent");
        var noToken = await BerthCli.RunAsync("agent", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, noServer.ExitCode);
        Assert.Contains("--server", Assert.Single(noServer.StderrLines));
        Assert.Equal(1, noToken.ExitCode);
        Assert.Equal("berth: this node has not joined yet: a join token is required (--token or $BERTH_AGENT_TOKEN)", Assert.Single(noToken.StderrLines));
    }
}
