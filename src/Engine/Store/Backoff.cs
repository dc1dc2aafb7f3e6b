namespace Berth.Engine.Store;

/// <summary>How long a background reader waits before retrying a database that failed: doubling from 200 ms, at most 5 s.</summary>
internal static class Backoff
{
    public static TimeSpan After(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(Math.Max(failures, 1), 6))));
}
