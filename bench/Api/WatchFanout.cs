using System.Buffers;
using System.IO.Pipelines;

namespace Berth.Bench.Api;

internal sealed record WatchResult(
    int Watchers, double TargetRate, double AchievedRate, int Writes, long Deliveries, long Missing, long Duplicates, long OutOfOrder, long Unexpected,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs,
    double AfterReturnP50Ms, double AfterReturnP99Ms, double CreateP50Ms, double CreateP99Ms, double PacingLagP99Ms,
    double OpenSeconds, double ServerCpuMicrosPerDelivery, double HarnessCpuMicrosPerDelivery, CpuUse Cpu, string? Error, int Attempts = 1);

/// <summary>
/// Watch fan-out over HTTP: W watchers each hold <c>GET …/namespaces/bench-watch/pods?watch=1&amp;resourceVersion=RV</c>
/// open (TLS, one connection each, as W kubectl or informer clients would), while one writer
/// creates pods through the API on a fixed schedule (open loop). Latency of a delivery = the
/// time its line arrives at a watcher − the time the writer started that create. Every watcher
/// must receive every create exactly once, with strictly increasing resourceVersions; misses,
/// duplicates, reordering and any other event are counted. The first second is warm-up, not counted.
/// </summary>
internal sealed class WatchFanout(ApiTarget target, Options options)
{
    public const string Namespace = "bench-watch";

    public async Task<List<WatchResult>> RunAsync()
    {
        await target.Tls.EnsureNamespaceAsync(Namespace);
        var results = new List<WatchResult>();
        foreach (var rate in options.WatchRates)
        {
            var (result, attempts) = await Quiet.RunAsync(options, $"watch at {rate}/s", attempt => RunOnceAsync(rate, $"watch-r{rate}a{attempt}-"), r => r.Cpu);
            results.Add(result with { Attempts = attempts });
        }

        return results;
    }

    private async Task<WatchResult> RunOnceAsync(double rate, string prefix)
    {
        var warmup = (int)rate;
        var total = warmup + (int)(rate * options.WatchDuration.TotalSeconds);
        var watchers = options.Watchers;

        using var watchClient = target.NewClient(watchers);
        var fromRevision = ListShape.Of(await target.Tls.GetAsync($"api/v1/namespaces/{Namespace}/pods?limit=1", "application/json")).ResourceVersion;
        var path = $"api/v1/namespaces/{Namespace}/pods?watch=1&resourceVersion={fromRevision}&allowWatchBookmarks=false";
        using var stop = new CancellationTokenSource();
        var open = Clock.Now;
        var streams = await Task.WhenAll(Enumerable.Range(0, watchers).Select(_ => watchClient.WatchAsync(path, stop.Token)));
        var openSeconds = Math.Round(Clock.Seconds(Clock.Now - open), 2);

        var received = new long[watchers][];
        var counts = new int[watchers];
        long duplicates = 0, outOfOrder = 0, unexpected = 0;
        string? error = null;
        var readers = new Task[watchers];
        for (var w = 0; w < watchers; w++)
        {
            var mine = received[w] = new long[total];
            var index = w;
            var body = await streams[w].Content.ReadAsStreamAsync(stop.Token);
            readers[w] = Task.Run(async () =>
            {
                var pipe = PipeReader.Create(body);
                long lastRevision = 0;
                try
                {
                    while (counts[index] < total)
                    {
                        var read = await pipe.ReadAsync(stop.Token);
                        var buffer = read.Buffer;
                        while (TryTakeLine(ref buffer, out var line))
                        {
                            var now = Clock.Now;
                            var e = WatchEventLine.Parse(line);
                            if (e.Type != "ADDED" || !e.Name.StartsWith(prefix, StringComparison.Ordinal))
                            {
                                Interlocked.Increment(ref unexpected);
                                error ??= $"watcher {index}: unexpected {e.Type} of {e.Name}";
                                continue;
                            }

                            if (e.ResourceVersion <= lastRevision)
                            {
                                Interlocked.Increment(ref outOfOrder);
                            }

                            lastRevision = e.ResourceVersion;
                            var seq = int.Parse(e.Name.AsSpan(prefix.Length));
                            if (mine[seq] != 0)
                            {
                                Interlocked.Increment(ref duplicates);
                                continue;
                            }

                            mine[seq] = now;
                            counts[index]++;
                        }

                        pipe.AdvanceTo(buffer.Start, buffer.End);
                        if (read.IsCompleted)
                        {
                            error ??= $"watcher {index}: the server ended the watch after {counts[index]} of {total} events";
                            return;
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // the deadline below gave up on this watcher; what it missed is counted
                }
                catch (Exception e) when (e is IOException or HttpRequestException or System.Text.Json.JsonException)
                {
                    error ??= $"watcher {index}: {e.GetType().Name}: {e.Message}";
                }
                finally
                {
                    await pipe.CompleteAsync();
                }
            });
        }

        Log.Info($"watch: {watchers} watchers open from resourceVersion {fromRevision} in {openSeconds} s; creating {rate} pods/s for {options.WatchDuration.TotalSeconds} s (+1 s warm-up)");
        using var writer = target.NewClient(64);
        var cpu0 = CpuSnapshot.Take();
        var times = await PacedSchedule.RunAsync(rate, total,
            seq => writer.CreatePodAsync(Namespace, target.Pod.Body(prefix + seq.ToString("D8"))));
        var allRead = Task.WhenAll(readers);
        if (await Task.WhenAny(allRead, Task.Delay(TimeSpan.FromSeconds(30))) != allRead)
        {
            error ??= "some watchers had not received every event 30 s after the last create returned";
        }

        var cpu = CpuSnapshot.Take().Since(cpu0);
        var cpuSeconds = Clock.Seconds(Clock.Now - cpu0.At);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        foreach (var stream in streams)
        {
            stream.Dispose();
        }

        // CPU per event delivered (warm-up included, as the CPU window is): what fan-out costs each side.
        var deliveries = counts.Sum(c => (long)c);
        double PerDelivery(double cores) => Math.Round(cores * cpuSeconds / Math.Max(1, deliveries) * 1e6, 1);
        var (s, r, missing) = Deliveries.Tally(received, times.Started, times.Returned, warmup);
        var c = Stats.SortedMs(Enumerable.Range(warmup, total - warmup).Select(i => times.Returned[i] - times.Started[i]));
        var l = Stats.SortedMs(times.Lags(warmup));
        var seconds = Clock.Seconds(times.EndTicks - times.Due[warmup]);
        var result = new WatchResult(watchers, rate, Math.Round((total - warmup) / seconds, 1), total - warmup,
            s.Count, missing, duplicates, outOfOrder, unexpected,
            R(Stats.Percentile(s, 0.5)), R(Stats.Percentile(s, 0.9)), R(Stats.Percentile(s, 0.99)), R(Stats.Percentile(s, 0.999)), R(s.Count == 0 ? double.NaN : s[^1]),
            R(Stats.Percentile(r, 0.5)), R(Stats.Percentile(r, 0.99)), R(Stats.Percentile(c, 0.5)), R(Stats.Percentile(c, 0.99)),
            R(Stats.Percentile(l, 0.99)), openSeconds, PerDelivery(cpu.ServerCores), PerDelivery(cpu.HarnessCores), cpu, error);
        Log.Info($"watch: p50 {result.P50Ms} ms p99 {result.P99Ms} ms max {result.MaxMs} ms; missing {missing}, duplicates {duplicates}, " +
                 $"out of order {outOfOrder}, unexpected {unexpected}; create p99 {result.CreateP99Ms} ms; {cpu.Brief}{(error is null ? "" : "; " + error)}");
        return result;
    }

    private static double R(double v) => Math.Round(v, 2);

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out line, (byte)'\n'))
        {
            buffer = buffer.Slice(reader.Position);
            return line.Length > 0 || TryTakeLine(ref buffer, out line);
        }

        return false;
    }
}
