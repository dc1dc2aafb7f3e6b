namespace Berth.Bench.Api;

internal sealed record PacedResult(
    double MaxRate, double TargetRate, double AchievedRate, int Creates,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs,
    double FromSendP50Ms, double FromSendP99Ms, double PacingLagP99Ms, int MaxInFlight, ServerSide Server, CpuUse Cpu, int Attempts = 1);

/// <summary>
/// Create latency at a sustainable load: creates over TLS, open loop, at a fraction (½) of the
/// highest closed-loop API create rate measured just before; latency from each create's due time
/// to its 201. The first second is warm-up, not counted.
/// </summary>
internal sealed class PacedBench(ApiTarget target, PodSweeper sweeper, Options options)
{
    public async Task<PacedResult> RunAsync(double maxRate)
    {
        var (result, attempts) = await Quiet.RunAsync(options, "paced", attempt => RunOnceAsync(maxRate, attempt), r => r.Cpu);
        return result with { Attempts = attempts };
    }

    private async Task<PacedResult> RunOnceAsync(double maxRate, int attempt)
    {
        var rate = Math.Max(1, Math.Round(maxRate * options.PacedFraction));
        var warmup = (int)rate;
        var total = warmup + (int)(rate * options.PacedDuration.TotalSeconds);
        await Pg.ExecAsync(options.ConnectionString, "CHECKPOINT");
        Log.Info($"paced: {rate}/s ({options.PacedFraction:P0} of {maxRate:F0}/s) for {options.PacedDuration.TotalSeconds} s (+1 s warm-up)");
        var before = await target.ScrapeAsync();
        var cpu0 = CpuSnapshot.Take();
        var times = await PacedSchedule.RunAsync(rate, total,
            seq => target.Tls.CreatePodAsync(CreateBench.Namespace, target.Pod.Body($"paced-a{attempt}-{seq:D8}")));
        var cpu = CpuSnapshot.Take().Since(cpu0);
        var server = ServerSide.Between(before, await target.ScrapeAsync(), "POST");
        await sweeper.ClearServerAsync(CreateBench.Namespace);

        var measured = Enumerable.Range(warmup, total - warmup).ToList();
        var fromDue = Stats.SortedMs(measured.Select(i => times.Returned[i] - times.Due[i]));
        var fromSend = Stats.SortedMs(measured.Select(i => times.Returned[i] - times.Started[i]));
        var lag = Stats.SortedMs(times.Lags(warmup));
        var seconds = Clock.Seconds(times.EndTicks - times.Due[warmup]);
        var result = new PacedResult(Math.Round(maxRate, 1), rate, Math.Round(measured.Count / seconds, 1), measured.Count,
            R(Stats.Percentile(fromDue, 0.5)), R(Stats.Percentile(fromDue, 0.9)), R(Stats.Percentile(fromDue, 0.99)),
            R(Stats.Percentile(fromDue, 0.999)), R(fromDue[^1]),
            R(Stats.Percentile(fromSend, 0.5)), R(Stats.Percentile(fromSend, 0.99)), R(Stats.Percentile(lag, 0.99)),
            times.MaxInFlight, server, cpu);
        Log.Info($"paced: p50 {result.P50Ms} ms p99 {result.P99Ms} ms max {result.MaxMs} ms; achieved {result.AchievedRate}/s; " +
                 $"pacing lag p99 {result.PacingLagP99Ms} ms; max in flight {result.MaxInFlight}; {cpu.Brief}");
        return result;
    }

    private static double R(double v) => Math.Round(v, 2);
}
