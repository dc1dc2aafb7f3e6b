using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>docker-compose.yml is for users with Docker; Compose's own validator is the judge of it.</summary>
public sealed class DockerComposeFileTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [DockerComposeFact]
    public async Task The_compose_file_is_valid_and_runs_postgres_a_server_and_an_agent_with_the_docker_socket()
    {
        var file = RepositoryRoot.File("docker-compose.yml");

        var services = await Compose("-f", file, "--profile", "agent", "config", "--services");
        var config = await Compose("-f", file, "--profile", "agent", "config");

        Assert.Equal(["agent", "berth", "postgres"], services.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Contains("/var/run/docker.sock", config.Stdout);
    }

    private static async Task<ProcessResult> Compose(params string[] arguments)
    {
        var (program, prefix) = DockerCompose.Command!.Value;
        var result = await ProcessRun.RunAsync(program, [.. prefix, .. arguments], Timeout);
        Assert.True(result.ExitCode == 0, $"compose {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
