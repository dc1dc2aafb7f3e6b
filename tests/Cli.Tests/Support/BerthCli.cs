using System.Text.RegularExpressions;
using Berth.Tests.Support;

namespace Berth.Cli.Tests.Support;

/// <summary>Runs <c>./berth</c> from the repository root, exactly as a user does.</summary>
internal static class BerthCli
{
    public static readonly string Launcher = RepositoryRoot.File("berth");

    // The first run may build the CLI (about a minute on two cores), and the first agent run the
    // native agent (as long again); later runs start in well under a second.
    private static readonly TimeSpan FirstRunTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task> Built = new(async () =>
    {
        var result = await ProcessRun.RunAsync(Launcher, ["version"], FirstRunTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"./berth could not build or run: {result}");
        }
    });

    // After the CLI, not beside it: both builds compile src/Engine and src/Agents.
    private static readonly Lazy<Task> AgentBuilt = new(async () =>
    {
        await Built.Value;
        var result = await ProcessRun.RunAsync(Launcher, ["agent", "--help"], FirstRunTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"./berth could not build or run the native agent: {result}");
        }
    });

    /// <summary>The native agent, as ./berth publishes it for the agent role.</summary>
    public static readonly string NativeAgent = RepositoryRoot.File(".artifacts/berth-agent/berth");

    /// <summary>
    /// Environment for every run: no datastore or admin password inherited from the developer's
    /// shell, so a test without <c>--datastore</c> really means the embedded default.
    /// </summary>
    public static IDictionary<string, string?> Environment(string? datastore = null, string? adminPassword = null) =>
        new Dictionary<string, string?> { ["BERTH_DATASTORE"] = datastore, ["BERTH_ADMIN_PASSWORD"] = adminPassword };

    public static async Task<ProcessResult> RunAsync(params string[] arguments)
    {
        await (arguments.FirstOrDefault() == "agent" ? AgentBuilt : Built).Value;
        return await ProcessRun.RunAsync(Launcher, arguments, CommandTimeout, Environment());
    }

    public static async Task<ProcessResult> RunWithDatastoreVariableAsync(string datastore, params string[] arguments)
    {
        await Built.Value;
        return await ProcessRun.RunAsync(Launcher, arguments, CommandTimeout, Environment(datastore));
    }

    public static Task<RunningServer> StartServerAsync(params string[] arguments) =>
        StartServerWithAsync(Environment(), arguments);

    public static async Task<RunningServer> StartServerWithAsync(IDictionary<string, string?> environment, params string[] arguments)
    {
        await Built.Value;
        return await RunningServer.StartAsync(Launcher, ["server", .. arguments], environment);
    }

    /// <summary><c>berth agent</c>, ready once it says it is joining its server.</summary>
    public static async Task<RunningServer> StartAgentAsync(params string[] arguments)
    {
        await AgentBuilt.Value;
        return await RunningServer.StartAsync(Launcher, ["agent", .. arguments], Environment(), new Regex(" is joining "));
    }
}
