namespace Berth.Agents.Metrics;

/// <summary>A cumulative CPU counter read at one moment: nanoseconds of CPU time used since some origin.</summary>
public readonly record struct CpuSample(ulong UsageNanoseconds, DateTimeOffset At);

/// <summary>CPU use as kubelet reports it: the rate of a cumulative counter between two samples, in nanocores.</summary>
public static class CpuRate
{
    /// <summary>
    /// Nanocores (10⁹ per core fully busy) used between <paramref name="before"/> and
    /// <paramref name="after"/>; null when there is no positive window or the counter went back
    /// (a new container or a restarted counter: the next pair of samples gives a rate again).
    /// </summary>
    public static long? NanoCores(CpuSample before, CpuSample after)
    {
        var window = after.At - before.At;
        if (window <= TimeSpan.Zero || after.UsageNanoseconds < before.UsageNanoseconds)
        {
            return null;
        }

        var used = (double)(after.UsageNanoseconds - before.UsageNanoseconds);
        return (long)Math.Round(used * 1e9 / (window.Ticks * 100.0)); // a tick is 100 ns
    }
}
