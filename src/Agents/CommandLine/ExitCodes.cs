namespace Berth.Agents.CommandLine;

/// <summary>What <c>berth</c> exits with, so scripts can tell success, "fix your input" and an interruption apart.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input or an unreachable dependency; the one-line message on stderr says which.</summary>
    public const int Failed = 1;

    /// <summary>Stopped by Ctrl-C before it finished (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
