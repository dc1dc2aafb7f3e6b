using Berth.Engine.Store;

namespace Berth.Agents.CommandLine;

/// <summary>
/// Runs a verb and turns the failures a user can act on (a datastore URL that does not parse, a
/// database that cannot be reached, a migration that fails, a port already taken) into one line
/// on stderr and a non-zero exit, instead of a stack trace. Anything else is a bug and keeps its trace.
/// </summary>
public static class UserErrors
{
    public static async Task<int> ReportAsync(TextWriter error, Func<Task<int>> verb, CancellationToken ct)
    {
        try
        {
            return await verb();
        }
        catch (Exception e) when (e is FormatException or StoreException or IOException)
        {
            var firstLine = e.Message.Split('\n', 2)[0].TrimEnd('\r');
            await error.WriteLineAsync($"berth: {firstLine}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
