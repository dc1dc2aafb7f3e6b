using System.Threading.Channels;
using Berth.Engine.Store;

namespace Berth.Bench.Store;

internal sealed record WatchResult(
    int Watchers, double TargetRate, double AchievedRate, int Writes, long Deliveries, long Missing, long OutOfOrder,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs,
    double AfterReturnP50Ms, double AfterReturnP99Ms,
    double WriteP50Ms, double WriteP99Ms, double PacingLagP99Ms, int MaxInFlight, CpuUse Cpu, string? Error, int Attempts = 1);

/// <summary>
/// Watch delivery latency: W watchers on the whole workspace (prefix ""), one open-loop writer
/// issuing creates on a fixed schedule (R/s, not waiting for earlier ones to finish). Latency of a
/// delivery = the watcher's receive time − the time the writer's CreateAsync call started
/// (also reported: − the time that call returned). The first second is warm-up, not counted.
/// </summary>
internal sealed class WatchBench(IRevisionStore store, Options options)
{
    public const string Workspace = "bench-watch";

    public async Task<WatchResult> RunAsync()
    {
        var (result, attempts) = await Quiet.RunAsync(options, "watch", RunOnceAsync, r => r.Cpu);
        return result with { Attempts = attempts };
    }

    private async Task<WatchResult> RunOnceAsync(int attempt)
    {
        var rate = options.WatchRate;
        var warmup = (int)rate; // one second
        var total = warmup + (int)(rate * options.WatchDuration.TotalSeconds);
        var watchers = options.Watchers;

        var fromRevision = await store.CurrentRevisionAsync(Workspace);
        var watches = new List<IWatch>();
        for (var i = 0; i < watchers; i++)
        {
            watches.Add(await store.WatchAsync(Workspace, "", fromRevision));
        }

        var started = new long[total];
        var returned = new long[total];
        var received = new long[watchers][];
        var outOfOrder = new long[watchers];
        string? error = null;
        var readers = new Task[watchers];
        for (var i = 0; i < watchers; i++)
        {
            var mine = received[i] = new long[total];
            var index = i;
            var reader = watches[i].Events;
            readers[i] = Task.Run(async () =>
            {
                var count = 0;
                var lastRevision = fromRevision;
                try
                {
                    while (count < total && await reader.WaitToReadAsync())
                    {
                        while (reader.TryRead(out var e))
                        {
                            var now = Clock.Now;
                            if (e.Revision <= lastRevision)
                            {
                                outOfOrder[index]++;
                            }

                            lastRevision = e.Revision;
                            var key = e.Object.Key;
                            var seq = int.Parse(key.AsSpan(key.Length - 8));
                            if (mine[seq] == 0)
                            {
                                mine[seq] = now;
                                count++;
                            }
                            else
                            {
                                outOfOrder[index]++; // a duplicate
                            }
                        }
                    }
                }
                catch (Exception e) when (e is StoreException or ChannelClosedException)
                {
                    error ??= $"watcher {index}: {e.Message}";
                }
            });
        }

        Log.Info($"watch: {watchers} watchers open at revision {fromRevision}; writing {rate}/s for {options.WatchDuration.TotalSeconds} s (+1 s warm-up)");
        var inFlight = 0;
        var maxInFlight = 0;
        var writes = new List<Task>(total);
        var lag = new long[total];
        var cpu0 = CpuSnapshot.Take();
        var t0 = Clock.Now;
        var ticksPerWrite = System.Diagnostics.Stopwatch.Frequency / rate;
        var next = 0;
        while (next < total)
        {
            var due = Math.Min(total, (int)((Clock.Now - t0) / ticksPerWrite) + 1);
            while (next < due)
            {
                var seq = next++;
                lag[seq] = Clock.Now - (t0 + (long)(seq * ticksPerWrite));
                writes.Add(WriteOne(seq));
            }

            await Task.Delay(1);
        }

        async Task WriteOne(int seq)
        {
            var n = Interlocked.Increment(ref inFlight);
            int seen;
            while (n > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, n, seen) != seen)
            {
            }

            started[seq] = Clock.Now;
            await store.CreateAsync(Workspace, $"/bench/watch/a{attempt}/" + seq.ToString("D8"), Payload.Bytes);
            returned[seq] = Clock.Now;
            Interlocked.Decrement(ref inFlight);
        }

        await Task.WhenAll(writes);
        var writeEnd = Clock.Now;
        var allRead = Task.WhenAll(readers);
        if (await Task.WhenAny(allRead, Task.Delay(TimeSpan.FromSeconds(30))) != allRead)
        {
            error ??= "some watchers had not received every event 30 s after the last write";
        }

        var cpu = CpuSnapshot.Take().Since(cpu0);
        foreach (var watch in watches)
        {
            await watch.DisposeAsync();
        }

        var (s, r, missing) = Deliveries.Tally(received, started, returned, warmup);
        var w = Stats.SortedMs(Enumerable.Range(warmup, total - warmup).Select(i => returned[i] - started[i]));
        var l = Stats.SortedMs(lag.Skip(warmup));
        var measuredSeconds = Clock.Seconds(writeEnd - (t0 + (long)(warmup * ticksPerWrite)));
        var result = new WatchResult(watchers, rate, Math.Round((total - warmup) / measuredSeconds, 1), total - warmup,
            s.Count, missing, outOfOrder.Sum(),
            R(Stats.Percentile(s, 0.5)), R(Stats.Percentile(s, 0.9)), R(Stats.Percentile(s, 0.99)), R(Stats.Percentile(s, 0.999)), R(s.Count == 0 ? 0 : s[^1]),
            R(Stats.Percentile(r, 0.5)), R(Stats.Percentile(r, 0.99)),
            R(Stats.Percentile(w, 0.5)), R(Stats.Percentile(w, 0.99)), R(Stats.Percentile(l, 0.99)), maxInFlight, cpu, error);
        Log.Info($"watch: p50 {result.P50Ms} ms p99 {result.P99Ms} ms max {result.MaxMs} ms; missing {missing}, out of order/dup {result.OutOfOrder}; " +
                 $"write p99 {result.WriteP99Ms} ms; {cpu.Brief}{(error != null ? "; " + error : "")}");
        return result;
    }

    private static double R(double v) => Math.Round(v, 2);
}
