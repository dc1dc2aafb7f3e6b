using Berth.Cli.Tests.Support;

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
    public async Task Agent_says_it_is_not_yet_available_and_exits_2()
    {
        var result = await BerthCli.RunAsync("agent");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains("not yet available", line);
    }
}
