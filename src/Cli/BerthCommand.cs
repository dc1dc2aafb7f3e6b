using System.CommandLine;
using Berth.Agents.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli;

/// <summary>The <c>berth</c> command line: one program, a verb per role.</summary>
internal static class BerthCommand
{
    public static RootCommand Create() => BerthProgram.Root(
        ServerCommand.Create(),
        MigrateCommand.Create(),
        AgentCommand.Create(),
        VersionCommand.Create());
}
