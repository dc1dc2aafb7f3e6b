namespace Berth.Bench.Store;

/// <summary>One writer's operation, with whatever it holds open (a connection, its keys' revisions).</summary>
internal sealed class Writer(Func<Task> op, Func<ValueTask>? dispose = null) : IAsyncDisposable
{
    public Func<Task> Op { get; } = op;

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}

/// <summary>What one closed-loop run measured.</summary>
internal sealed record LoopResult(long Ops, double Seconds, double OpsPerSec, double P50Ms, double P99Ms, double MaxMs, CpuUse Cpu)
{
    /// <summary>Completion times (Stopwatch ticks) and latencies of every op, for windowed rates.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<(long Done, long Latency)> Timeline { get; init; } = [];
}

/// <summary>
/// N writers, each awaiting its operation before starting the next (closed loop), all started
/// together and stopped at a deadline. Writers are set up (connections opened, keys created)
/// before the clock starts. Ops/s = ops started before the deadline / (time the last one ended − start).
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoopResult> RunAsync(int writers, TimeSpan duration, Func<int, Task<Writer>> setup,
        Func<CancellationToken, Task>? stopWhen = null)
    {
        var ws = new Writer[writers];
        for (var w = 0; w < writers; w++)
        {
            ws[w] = await setup(w);
        }

        try
        {
            using var stop = new CancellationTokenSource();
            var cpu0 = CpuSnapshot.Take();
            var start = Clock.Now;
            var deadline = stopWhen == null ? start + Clock.Ticks(duration) : long.MaxValue;
            var tasks = ws.Select(writer => Task.Run(async () =>
            {
                var timeline = new List<(long, long)>(4096);
                while (!stop.IsCancellationRequested)
                {
                    var t0 = Clock.Now;
                    if (t0 >= deadline)
                    {
                        break;
                    }

                    await writer.Op();
                    var t1 = Clock.Now;
                    timeline.Add((t1, t1 - t0));
                }

                return timeline;
            })).ToArray();

            if (stopWhen != null)
            {
                try
                {
                    await stopWhen(stop.Token);
                }
                finally
                {
                    await stop.CancelAsync();
                }
            }

            // A hung store must fail the run, not stall it forever.
            var all = (await Task.WhenAll(tasks).WaitAsync(duration + TimeSpan.FromMinutes(2))).SelectMany(t => t).ToList();
            var end = Clock.Now;
            var cpu = CpuSnapshot.Take().Since(cpu0);
            var seconds = Clock.Seconds(end - start);
            var sorted = Stats.SortedMs(all.Select(t => t.Item2));
            return new LoopResult(all.Count, Math.Round(seconds, 3), Math.Round(all.Count / seconds, 1),
                Math.Round(Stats.Percentile(sorted, 0.5), 3), Math.Round(Stats.Percentile(sorted, 0.99), 3),
                Math.Round(sorted.Count == 0 ? 0 : sorted[^1], 3), cpu)
            {
                Timeline = all,
            };
        }
        finally
        {
            foreach (var writer in ws)
            {
                await writer.DisposeAsync();
            }
        }
    }
}
