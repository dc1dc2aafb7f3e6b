using System.CommandLine;

namespace Berth.Agents.CommandLine;

/// <summary>
/// The <c>berth</c> command line's root and how it is run, shared by the CLI (every verb) and the
/// native agent (src/AgentHost, the agent verb alone), so <c>berth agent</c> reads and behaves the
/// same from either.
/// </summary>
public static class BerthProgram
{
    public static RootCommand Root(params Command[] verbs)
    {
        var root = new RootCommand("Berth: a container orchestrator with a Kubernetes-compatible API, for many teams at once");
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }

    public static Task<int> RunAsync(RootCommand root, string[] args)
    {
        // On Ctrl-C or SIGTERM the verb's cancellation token fires; a server then drains and closes its
        // store. The grace period bounds that before the process exits anyway.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        return root.Parse(args).InvokeAsync(invocation);
    }
}
