using System.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli;

/// <summary>The <c>berth</c> command line: one program, a verb per role.</summary>
internal static class BerthCommand
{
    public static RootCommand Create() => new("Berth: a container orchestrator with a Kubernetes-compatible API, for many teams at once")
    {
        ServerCommand.Create(),
        MigrateCommand.Create(),
        AgentCommand.Create(),
        VersionCommand.Create(),
    };
}
