namespace Berth.Cli;

/// <summary>What <c>berth</c> exits with, so scripts can tell "fix your input" from "not built yet".</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input or an unreachable dependency; the one-line message on stderr says which.</summary>
    public const int Failed = 1;

    /// <summary>A verb that exists but whose feature has not been built yet.</summary>
    public const int NotAvailable = 2;

    /// <summary>Stopped by Ctrl-C before it finished (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
