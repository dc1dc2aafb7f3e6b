using System.CommandLine;
using Berth.Agents.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Berth.Cli.Commands;

/// <summary><c>berth version</c>: what is running, for bug reports.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the Berth version and the .NET runtime it runs on");
        command.SetAction(parse =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"berth {version}");
            output.WriteLine($"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
