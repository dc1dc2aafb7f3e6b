namespace Berth.Bench;

/// <summary>One writer's operation, with whatever it holds open (a connection, its keys' revisions).</summary>
internal sealed class Writer(Func<Task> op, Func<ValueTask>? dispose = null) : IAsyncDisposable
{
    public Func<Task> Op { get; } = op;

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}

/// <summary>What one closed-loop run measured.</summary>
internal sealed record LoopResult(long Ops, double Seconds, double OpsPerSec, double P50Ms, double P99Ms, double MaxMs, CpuUse Cpu)
{
    /// <summary>Mean writes per group commit of the store during the run (NaN for raw INSERTs).</summary>
    public double MeanBatch { get; init; } = double.NaN;

    /// <summary>WAL written per operation, in bytes.</summary>
    public double WalBytesPerOp { get; init; } = double.NaN;

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
            var batches0 = BatchMeter.Snapshot;
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
            var (batchCount, batchWrites) = BatchMeter.Snapshot;
            var seconds = Clock.Seconds(end - start);
            var sorted = Stats.SortedMs(all.Select(t => t.Item2));
            return new LoopResult(all.Count, Math.Round(seconds, 3), Math.Round(all.Count / seconds, 1),
                Math.Round(Stats.Percentile(sorted, 0.5), 3), Math.Round(Stats.Percentile(sorted, 0.99), 3),
                Math.Round(sorted.Count == 0 ? 0 : sorted[^1], 3), cpu)
            {
                Timeline = all,
                MeanBatch = batchCount == batches0.Count ? double.NaN : Math.Round((batchWrites - batches0.Writes) / (double)(batchCount - batches0.Count), 2),
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

/// <summary>Listens to the store's group-commit batch sizes (the "Berth.Store" meter), so each run can report its mean batch.</summary>
internal static class BatchMeter
{
    // Berth.Engine.Store.StoreMetrics.MeterName, which is internal to the engine.
    private const string StoreMeter = "Berth.Store";

    private static long count;
    private static long writes;
    private static System.Diagnostics.Metrics.MeterListener? listener;

    public static (long Count, long Writes) Snapshot => (Interlocked.Read(ref count), Interlocked.Read(ref writes));

    public static void Start()
    {
        listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StoreMeter && instrument.Name == "berth.store.write.batch.size")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref count);
            Interlocked.Add(ref writes, value);
        });
        listener.Start();
    }
}
