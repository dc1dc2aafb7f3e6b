using System.Text;
using static Berth.Bench.ReportText;

namespace Berth.Bench.Api;

/// <summary>results.md: the tables bench/README.md shows, rendered from <see cref="ApiBenchResults"/>.</summary>
internal static class ApiReport
{
    private const string Cores = "cores: harness / berth server / postgres / other · server threads waiting for a CPU";

    /// <summary>The CPU cell: cores used by each part, then how many server threads sat runnable with no core (above ~1: starved).</summary>
    private static string Cpu(CpuUse c) => $"{c.Cell} · {F(c.ServerWaitingThreads)}";

    public static string Markdown(ApiBenchResults r, Options o)
    {
        var md = new StringBuilder();
        var others = r.Creates.Select(c => c.Result.Cpu.OtherCores)
            .Concat(r.Probes.Select(p => p.Result.Cpu.OtherCores))
            .Concat(r.Paced is { } p ? [p.Cpu.OtherCores] : [])
            .Concat(r.List?.Timings.Take(1).Select(t => t.Cpu.OtherCores) ?? [])
            .Concat(r.Watch.Select(w => w.Cpu.OtherCores));
        var machine = r.Machine.Count == 0 ? r.Machine : [.. r.Machine,
            new("pod", $"{N(r.RequestBytes)} B request body ([bench/Api/pod.json](Api/pod.json)); {N(r.StoredBytes)} B stored by the server (what *store creates* write)")];
        AppendPreamble(md, $"### API figures of {r.StartedAt:yyyy-MM-dd HH:mm} UTC, commit {r.Commit}", r.Quick, r.Notes, others,
            "harness, berth server nor PostgreSQL", r.MaxOther, machine);

        Creates(md, r, o);
        Probes(md, r);
        Paced(md, r);
        List(md, r);
        Watch(md, r);
        Targets(md, r, o);
        return md.ToString();
    }

    private static double Median(ApiBenchResults r, string kind, int clients) =>
        Stats.Median(r.Creates.Where(s => s.Kind == kind && s.Clients == clients).Select(s => s.Result.OpsPerSec));

    private static LoopResult? MedianRun(ApiBenchResults r, string kind, int clients)
    {
        var runs = r.Creates.Where(s => s.Kind == kind && s.Clients == clients).OrderBy(s => s.Result.OpsPerSec).ToList();
        return runs.Count == 0 ? null : runs[runs.Count / 2].Result;
    }

    private static void Creates(StringBuilder md, ApiBenchResults r, Options o)
    {
        if (r.Creates.Count == 0)
        {
            return;
        }

        var rounds = r.Creates.Max(s => s.Round) + 1;
        md.AppendLine($"#### Pod creates (closed loop; creates/s, median of {rounds} run{(rounds == 1 ? "" : "s")} of {o.CreateDuration.TotalSeconds:0.#} s; latency p50 / p99 ms of the median run)");
        md.AppendLine();
        md.AppendLine("| clients | API creates/s (HTTPS, as kubectl) | p50 / p99 ms | API over plain HTTP | p50 / p99 ms | store CreateAsync/s | p50 / p99 ms | **API ÷ store** | HTTPS ÷ plain |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in r.Creates.Select(s => s.Clients).Distinct().Order())
        {
            var api = Median(r, "api-create", c);
            var plain = Median(r, "api-create-plain", c);
            var store = Median(r, "store-create", c);
            string Lat(string kind) => MedianRun(r, kind, c) is { } m ? $"{F(m.P50Ms)} / {F(m.P99Ms)}" : "–";
            md.AppendLine($"| {c} | {N(api)} | {Lat("api-create")} | {N(plain)} | {Lat("api-create-plain")} | {N(store)} | {Lat("store-create")} | **{Ratio(api, store)}** | {Ratio(api, plain)} |");
        }

        md.AppendLine();
        md.AppendLine($"Every run (server columns from the server's /metrics over the run: its mean time per POST, its store's mean write time and writes per group commit; for store-create the group commit is this process's; {Cores}):");
        md.AppendLine();
        md.AppendLine($"| kind | clients | creates/s per round | p50 ms | p99 ms | max ms | server: request ms | server: store write ms | writes per group commit | {Cores} | attempts |");
        md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var g in r.Creates.GroupBy(s => (s.Kind, s.Clients)).OrderBy(g => g.Key.Clients).ThenBy(g => Array.IndexOf(CreateBench.Kinds, g.Key.Kind)))
        {
            var ordered = g.OrderBy(s => s.Round).ToList();
            var mid = g.OrderBy(s => s.Result.OpsPerSec).ElementAt(g.Count() / 2);
            var m = mid.Result;
            var batch = mid.Server?.WritesPerGroupCommit ?? m.MeanBatch;
            md.AppendLine($"| {g.Key.Kind} | {g.Key.Clients} | {string.Join(", ", ordered.Select(s => N(s.Result.OpsPerSec)))} | {F(m.P50Ms)} | {F(m.P99Ms)} | {F(m.MaxMs, 1)} | " +
                          $"{F(mid.Server?.RequestMeanMs ?? double.NaN)} | {F(mid.Server?.StoreWriteMeanMs ?? double.NaN)} | {F(batch, 1)} | {Cpu(m.Cpu)} | {string.Join(", ", ordered.Select(s => s.Attempts))} |");
        }

        md.AppendLine();
    }

    private static void Probes(StringBuilder md, ApiBenchResults r)
    {
        if (r.Probes.Count == 0)
        {
            return;
        }

        md.AppendLine("#### Where a request's time goes (one client, closed loop; each row adds one layer to the one above)");
        md.AppendLine();
        md.AppendLine($"| request | what it adds | requests/s | p50 ms | p99 ms | {Cores} |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var p in r.Probes)
        {
            md.AppendLine($"| {p.Request} | {p.Adds} | {N(p.Result.OpsPerSec)} | {F(p.Result.P50Ms, 3)} | {F(p.Result.P99Ms, 3)} | {Cpu(p.Result.Cpu)} |");
        }

        if (MedianRun(r, "api-create", 1) is { } create)
        {
            md.AppendLine($"| POST a pod (the 1-client create above) | the namespace check, admission, the store write (group commit, fsync) | {N(create.OpsPerSec)} | {F(create.P50Ms, 3)} | {F(create.P99Ms, 3)} | {Cpu(create.Cpu)} |");
        }

        md.AppendLine();
    }

    private static void Paced(StringBuilder md, ApiBenchResults r)
    {
        if (r.Paced is not { } p)
        {
            return;
        }

        md.AppendLine($"#### Create latency at half the maximum rate (open loop over HTTPS: {N(p.TargetRate)} creates/s offered = ½ × {N(p.MaxRate)}/s, the 16-client median above)");
        md.AppendLine();
        md.AppendLine("| latency from each create's scheduled start to its 201 | p50 | p90 | p99 | p99.9 | max |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        md.AppendLine($"| ms | {F(p.P50Ms)} | {F(p.P90Ms)} | {F(p.P99Ms)} | {F(p.P999Ms)} | {F(p.MaxMs)} |");
        md.AppendLine();
        md.AppendLine($"| creates (achieved/s) | from sending p50 / p99 ms | pacing lag p99 ms | max in flight | server: request / store write ms | {Cores} | attempts |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine($"| {N(p.Creates)} ({N(p.AchievedRate)}/s) | {F(p.FromSendP50Ms)} / {F(p.FromSendP99Ms)} | {F(p.PacingLagP99Ms)} | {p.MaxInFlight} | {F(p.Server.RequestMeanMs)} / {F(p.Server.StoreWriteMeanMs)} | {Cpu(p.Cpu)} | {p.Attempts} |");
        md.AppendLine();
    }

    private static void List(StringBuilder md, ApiBenchResults r)
    {
        if (r.List is not { } l)
        {
            return;
        }

        md.AppendLine($"#### List of {N(l.Pods)} pods in one namespace (ms from request to last byte; median of the timed runs after 2 warm-ups; the pods were created through the API in {F(l.CreateSeconds, 1)} s)");
        md.AppendLine();
        md.AppendLine($"| mode | request | served as | items | MB | requests | median ms | min | max | ÷ store | {Cores} |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var store = l.Timings.FirstOrDefault(t => t.Mode.StartsWith("store", StringComparison.Ordinal))?.MedianMs ?? double.NaN;
        foreach (var t in l.Timings)
        {
            md.AppendLine($"| {t.Mode} | {t.Request} | {t.ServedAs} | {N(t.Items)} | {F(t.Megabytes, 1)} | {t.Requests} | {F(t.MedianMs, 1)} | {F(t.MinMs, 1)} | {F(t.MaxMs, 1)} | {Ratio(t.MedianMs, store)} | {Cpu(t.Cpu)} |");
        }

        md.AppendLine();
    }

    private static void Watch(StringBuilder md, ApiBenchResults r)
    {
        if (r.Watch.Count == 0)
        {
            return;
        }

        md.AppendLine($"#### Watch fan-out ({r.Watch[0].Watchers} HTTPS watchers of one namespace's pods; one writer creating pods through the API, open loop, at each rate)");
        md.AppendLine();
        md.AppendLine("| creates/s offered (achieved) | latency from the create's start to the event line at a watcher, p50 / p90 / p99 / p99.9 / max ms | events delivered | missing | duplicates | out of order | other events | after the 201 p50 / p99 ms | create p50 / p99 ms | pacing lag p99 ms |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var w in r.Watch)
        {
            md.AppendLine($"| {N(w.TargetRate)} ({F(w.AchievedRate, 1)}) | {F(w.P50Ms)} / {F(w.P90Ms)} / {F(w.P99Ms)} / {F(w.P999Ms)} / {F(w.MaxMs)} | {N(w.Deliveries)} | {w.Missing} | {w.Duplicates} | {w.OutOfOrder} | {w.Unexpected} | " +
                          $"{F(w.AfterReturnP50Ms)} / {F(w.AfterReturnP99Ms)} | {F(w.CreateP50Ms)} / {F(w.CreateP99Ms)} | {F(w.PacingLagP99Ms)} |");
        }

        md.AppendLine();
        md.AppendLine($"| creates/s offered | CPU per event delivered: berth server / harness µs | watches opened in | {Cores} | attempts |");
        md.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var w in r.Watch)
        {
            md.AppendLine($"| {N(w.TargetRate)} | {F(w.ServerCpuMicrosPerDelivery, 1)} / {F(w.HarnessCpuMicrosPerDelivery, 1)} | {F(w.OpenSeconds)} s | {Cpu(w.Cpu)} | {w.Attempts} |");
        }

        md.AppendLine();
        foreach (var w in r.Watch.Where(w => w.Error != null))
        {
            md.AppendLine($"> watch error at {N(w.TargetRate)}/s: {w.Error}");
            md.AppendLine();
        }
    }

    private static void Targets(StringBuilder md, ApiBenchResults r, Options o)
    {
        md.AppendLine("#### Targets (issue 4)");
        md.AppendLine();
        md.AppendLine("| target | figure | |");
        md.AppendLine("|---|---|---|");
        foreach (var c in r.Creates.Select(s => s.Clients).Distinct().Order())
        {
            var ratio = Median(r, "api-create", c) / Median(r, "store-create", c);
            md.AppendLine($"| API creates ≥ 0.5× store writes, {c} client{(c == 1 ? "" : "s")} | {F(ratio)}× | {Met(ratio >= 0.5)} |");
        }

        if (r.Paced is { } p)
        {
            md.AppendLine($"| p99 create < 25 ms at half the maximum rate ({N(p.TargetRate)}/s) | p99 {F(p.P99Ms)} ms | {Met(p.P99Ms < 25)} |");
        }

        if (r.List is { } l)
        {
            foreach (var t in l.Timings.Where(t => t.Requests == 1 && t.Mode.StartsWith("API", StringComparison.Ordinal)))
            {
                var servedOther = t.Mode.Contains("Table", StringComparison.Ordinal) && t.ServedAs != "Table";
                md.AppendLine($"| list {N(l.Pods)} pods < 300 ms ({t.Mode}) | {F(t.MedianMs, 1)} ms{(servedOther ? $", served as {t.ServedAs}" : "")} | " +
                              $"{(servedOther ? "not measurable: no Table served" : Met(t.MedianMs < 300 && l.Pods >= 10_000) + (l.Pods < 10_000 ? " (too few pods to tell)" : ""))} |");
            }
        }

        foreach (var w in r.Watch)
        {
            var exact = w.Missing == 0 && w.Duplicates == 0 && w.OutOfOrder == 0 && w.Unexpected == 0;
            md.AppendLine($"| {w.Watchers} watchers each get every event exactly once, in order ({N(w.TargetRate)} creates/s) | {w.Missing} missing, {w.Duplicates} duplicates, {w.OutOfOrder} out of order | {Met(exact)} |");
        }

        md.AppendLine();
    }
}
