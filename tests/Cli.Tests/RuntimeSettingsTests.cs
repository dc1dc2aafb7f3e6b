using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Agents.Tests.Support;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>
/// The agent's .NET runtime settings (one tier of compiled code, a small young generation) come
/// from one script, which the ./berth launcher (with the native agent) and the image's ENTRYPOINT
/// (with berth.dll) both run. A stand-in <c>dotnet</c> on the PATH prints what it was given instead
/// of running anything.
/// </summary>
public sealed partial class RuntimeSettingsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory stub = new();

    public RuntimeSettingsTests()
    {
        var dotnet = Path.Combine(stub.Path, "dotnet");
        File.WriteAllText(dotnet, "#!/bin/sh\necho \"tiered=${DOTNET_TieredCompilation:-} gen0=${DOTNET_GCgen0size:-} args=$*\"\n");
        if (!OperatingSystem.IsWindows()) // the launcher and the image are for Linux
        {
            File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task The_image_entrypoint_gives_the_agent_its_runtime_settings_and_the_server_none()
    {
        var entrypoint = ImageEntrypoint();
        Assert.Equal(["/opt/berth/berth-dotnet.sh", "/opt/berth/berth.dll"], entrypoint);
        var dockerfile = File.ReadAllText(RepositoryRoot.File("Dockerfile"));
        Assert.Contains("COPY scripts/berth-dotnet.sh /opt/berth/berth-dotnet.sh", dockerfile);
        Assert.Contains("COPY --from=build /agent/berth /opt/berth/agent/berth", dockerfile); // the native agent, which the script prefers (below)
        var script = RepositoryRoot.File("scripts/berth-dotnet.sh");

        var agent = await RunAsync(script, [entrypoint[1], "agent", "--node-name", "n1"]);
        var server = await RunAsync(script, [entrypoint[1], "server", "--listen", "0.0.0.0:8080"]);
        var overridden = await RunAsync(script, [entrypoint[1], "agent"], ("DOTNET_TieredCompilation", "1"));

        Assert.Equal("tiered=0 gen0=200000 args=/opt/berth/berth.dll agent --node-name n1", agent);
        Assert.Equal("tiered= gen0= args=/opt/berth/berth.dll server --listen 0.0.0.0:8080", server);
        Assert.Equal("tiered=1 gen0=200000 args=/opt/berth/berth.dll agent", overridden);
    }

    [Fact]
    public async Task The_script_runs_a_native_agent_itself_with_the_agent_settings_and_prefers_one_beside_berth_dll()
    {
        // As the image lays them out: /opt/berth/berth.dll and /opt/berth/agent/berth.
        var dll = Path.Combine(stub.Path, "image", "berth.dll");
        var native = Path.Combine(stub.Path, "image", "agent", "berth");
        Directory.CreateDirectory(Path.GetDirectoryName(native)!);
        File.WriteAllText(dll, "");
        File.WriteAllText(native, "#!/bin/sh\necho \"native tiered=${DOTNET_TieredCompilation:-} gen0=${DOTNET_GCgen0size:-} args=$*\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(native, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var script = RepositoryRoot.File("scripts/berth-dotnet.sh");
        var direct = await RunAsync(script, [native, "agent", "--node-name", "n1"]);
        var beside = await RunAsync(script, [dll, "agent", "--node-name", "n1"]);
        var server = await RunAsync(script, [dll, "server"]);

        Assert.Equal("native tiered=0 gen0=200000 args=agent --node-name n1", direct);
        Assert.Equal("native tiered=0 gen0=200000 args=agent --node-name n1", beside);
        Assert.Equal($"tiered= gen0= args={dll} server", server);
    }

    [DockerFact]
    public async Task The_launcher_runs_the_native_agent_through_the_same_script()
    {
        using var dir = new TempDirectory();

        // A credential, so it goes straight to connecting (to nothing: it keeps retrying until stopped).
        await using var agent = await BerthCli.StartAgentAsync("--server", "http://127.0.0.1:1", "--token", "berth_node_x", "--node-name", "settings",
            "--data-dir", Path.Combine(dir.Path, "agent"));

        Assert.Equal(BerthCli.NativeAgent, File.ResolveLinkTarget($"/proc/{agent.ProcessId}/exe", returnFinalTarget: true)?.FullName);
        var environment = File.ReadAllText($"/proc/{agent.ProcessId}/environ").Split('\0');
        Assert.Contains("DOTNET_GCgen0size=200000", environment);
    }

    public void Dispose() => stub.Dispose();

    private async Task<string> RunAsync(string program, string[] arguments, params (string Name, string? Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{stub.Path}:{Environment.GetEnvironmentVariable("PATH")}",
            ["DOTNET_TieredCompilation"] = null,
            ["DOTNET_GCgen0size"] = null,
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        var result = await ProcessRun.RunAsync(program, arguments, Timeout, environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }

    private static string[] ImageEntrypoint() =>
        JsonSerializer.Deserialize<string[]>(Entrypoint().Match(File.ReadAllText(RepositoryRoot.File("Dockerfile"))).Groups[1].Value)!;

    [GeneratedRegex(@"^ENTRYPOINT (\[.*\])$", RegexOptions.Multiline)]
    private static partial Regex Entrypoint();
}
