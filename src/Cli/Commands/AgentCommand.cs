using System.CommandLine;
using Berth.Agents;

namespace Berth.Cli.Commands;

/// <summary><c>berth agent</c>: the node process. It says plainly that it is not built yet rather than pretend to run.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var command = new Command("agent", "Run the node agent that starts containers for the server (not yet available)");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine($"berth: {AgentAvailability.NotYetAvailable}");
            return ExitCodes.NotAvailable;
        });
        return command;
    }
}
