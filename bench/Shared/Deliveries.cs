namespace Berth.Bench;

/// <summary>
/// What watchers received of a paced writer's writes: every delivery's latency from the write's
/// start and from its return (sorted, in ms, warm-up writes left out), and how many writes some
/// watcher never received.
/// </summary>
internal sealed record Deliveries(List<double> FromStartMs, List<double> FromReturnMs, long Missing)
{
    /// <param name="received">Per watcher, per write sequence number: when it arrived (Stopwatch ticks), 0 when it did not.</param>
    public static Deliveries Tally(long[][] received, long[] started, long[] returned, int warmup)
    {
        var total = started.Length;
        var fromStart = new List<long>(received.Length * (total - warmup));
        var fromReturn = new List<long>(received.Length * (total - warmup));
        long missing = 0;
        foreach (var mine in received)
        {
            for (var seq = 0; seq < total; seq++)
            {
                if (mine[seq] == 0)
                {
                    missing++;
                }
                else if (seq >= warmup)
                {
                    fromStart.Add(mine[seq] - started[seq]);
                    fromReturn.Add(mine[seq] - returned[seq]);
                }
            }
        }

        return new Deliveries(Stats.SortedMs(fromStart), Stats.SortedMs(fromReturn), missing);
    }
}
