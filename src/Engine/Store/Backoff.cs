namespace Berth.Engine.Store;

/// <summary>How long to wait before retrying something that failed <c>failures</c> times in a row: doubling, with a ceiling.</summary>
internal static class Backoff
{
    /// <summary>For a background reader retrying a database that failed: doubling from 200 ms, at most 5 s.</summary>
    public static TimeSpan After(int failures) => After(failures, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary><paramref name="first"/> after one failure, twice that after two, and so on, never more than <paramref name="max"/>.</summary>
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max)
    {
        // Past 2^30 the ceiling has long been reached; capping the shift keeps the arithmetic from overflowing.
        var doublings = Math.Min(Math.Max(failures, 1) - 1, 30);
        var wait = first.TotalMilliseconds * (1L << doublings);
        return wait >= max.TotalMilliseconds ? max : TimeSpan.FromMilliseconds(wait);
    }
}
