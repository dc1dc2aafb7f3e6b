namespace Berth.Bench.Api;

/// <summary>What a paced run did with each operation: when it was due, when it started and when it returned (Stopwatch ticks).</summary>
internal sealed record PacedTimes(long[] Due, long[] Started, long[] Returned, int MaxInFlight, long StartTicks, long EndTicks)
{
    /// <summary>How late the harness issued each operation after it was due (a large one means the harness was starved).</summary>
    public IEnumerable<long> Lags(int from) => Enumerable.Range(from, Due.Length - from).Select(i => Started[i] - Due[i]);
}

/// <summary>
/// An open loop: operation i is due at start + i / rate and is issued then whether or not the
/// earlier ones have returned, so a slow server cannot slow the offered load; latency measured
/// from the due time also counts the time a request waits behind others (no coordinated omission).
/// </summary>
internal static class PacedSchedule
{
    public static async Task<PacedTimes> RunAsync(double rate, int total, Func<int, Task> op)
    {
        var due = new long[total];
        var started = new long[total];
        var returned = new long[total];
        var inFlight = 0;
        var maxInFlight = 0;
        var ops = new List<Task>(total);
        var ticksPerOp = System.Diagnostics.Stopwatch.Frequency / rate;
        var t0 = Clock.Now;
        for (var i = 0; i < total; i++)
        {
            due[i] = t0 + (long)(i * ticksPerOp);
        }

        var next = 0;
        while (next < total)
        {
            var now = Clock.Now;
            while (next < total && due[next] <= now)
            {
                ops.Add(Issue(next++));
            }

            if (next < total)
            {
                // Timers tick about every millisecond: sleep until about then, and count any lateness
                // against the server (latency runs from the due time), showing it as the pacing lag.
                var wait = Clock.Ms(due[next] - Clock.Now);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait - 1)));
            }
        }

        await Task.WhenAll(ops);
        return new PacedTimes(due, started, returned, maxInFlight, t0, Clock.Now);

        async Task Issue(int seq)
        {
            var n = Interlocked.Increment(ref inFlight);
            int seen;
            while (n > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, n, seen) != seen)
            {
            }

            started[seq] = Clock.Now;
            await op(seq);
            returned[seq] = Clock.Now;
            Interlocked.Decrement(ref inFlight);
        }
    }
}
