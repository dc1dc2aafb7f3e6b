namespace Berth.Cli.Tests.Support;

/// <summary>The Docker Compose on this machine, if any: the v1 <c>docker-compose</c> program or the v2 <c>docker compose</c> plugin.</summary>
internal static class DockerCompose
{
    private static readonly string[] PluginDirectories =
    [
        "/usr/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins",
        "/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "cli-plugins"),
    ];

    /// <summary>The program and the arguments before compose's own, or null when neither is installed.</summary>
    public static (string Program, string[] Prefix)? Command { get; } = Find();

    private static (string, string[])? Find()
    {
        if (OnPath("docker-compose") is { } v1)
        {
            return (v1, []);
        }

        var plugin = PluginDirectories.Any(dir => File.Exists(Path.Combine(dir, "docker-compose")));
        return plugin && OnPath("docker") is { } docker ? (docker, ["compose"]) : null;
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A test that needs Docker Compose; skipped where it is not installed (./test.sh installs it when it can).</summary>
internal sealed class DockerComposeFactAttribute : FactAttribute
{
    public DockerComposeFactAttribute()
    {
        if (DockerCompose.Command is null)
        {
            Skip = "needs docker-compose or the docker compose plugin (apt-get install docker-compose)";
        }
    }
}
