using System.Text;
using static Berth.Bench.ReportText;

namespace Berth.Bench.Store;

internal sealed class BenchResults
{
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public string Commit { get; set; } = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "unknown";
    public bool Quick { get; set; }
    public List<KeyValuePair<string, string>> Machine { get; set; } = [];
    public List<WriteSample> Writes { get; set; } = [];
    public List<PgBenchSample> PgBench { get; set; } = [];
    public List<EtcdSample> Etcd { get; set; } = [];
    public WatchResult? Watch { get; set; }
    public ListResult? List { get; set; }
    public List<string> Notes { get; set; } = [];

    /// <summary>The --max-other threshold the run used (runs above it were repeated).</summary>
    public double MaxOther { get; set; } = 0.25;
}

/// <summary>One line of bench/etcd/put.js output.</summary>
internal sealed record EtcdSample(int Concurrency, int Procs, double Seconds, long Puts, double PutsPerSec, double P50Ms, double P99Ms,
    double ClientCores, double? ServerCores, double? MachineBusyCores, double OtherCores, int Attempts = 1);

internal static class Report
{
    public static string Markdown(BenchResults r, Options o)
    {
        var md = new StringBuilder();
        var others = r.Writes.Select(w => w.Result.Cpu.OtherCores)
            .Concat(r.Watch is { } wo ? [wo.Cpu.OtherCores] : [])
            .Concat(r.List?.Timings.Select(t => t.Cpu.OtherCores) ?? [])
            .Concat(r.Etcd.Select(e => e.OtherCores));
        AppendPreamble(md, $"### Figures of {r.StartedAt:yyyy-MM-dd HH:mm} UTC, commit {r.Commit}", r.Quick, r.Notes, others,
            "harness, PostgreSQL, etcd nor its client", 0.25, r.Machine);

        double Median(string kind, int writers) => Stats.Median(r.Writes.Where(s => s.Kind == kind && s.Writers == writers).Select(s => s.Result.OpsPerSec));
        double Etcd(int c, int procs) => Stats.Median(r.Etcd.Where(e => e.Concurrency == c && e.Procs == procs).Select(e => e.PutsPerSec));
        double EtcdBest(int c) => r.Etcd.Any(e => e.Concurrency == c) ? r.Etcd.Where(e => e.Concurrency == c).GroupBy(e => e.Procs).Max(g => Stats.Median(g.Select(e => e.PutsPerSec))) : double.NaN;
        double PgBenchTps(int c) => r.PgBench.FirstOrDefault(p => p.Clients == c)?.Tps ?? double.NaN;

        if (r.Writes.Count > 0)
        {
            var rounds = r.Writes.Max(s => s.Round) + 1;
            md.AppendLine($"#### Writes (ops/s; PostgreSQL columns: median of {rounds} runs of {o.WriteDuration.TotalSeconds:F0} s; 1 KiB JSON value)");
            md.AppendLine();
            md.AppendLine("| writers | raw INSERT (Npgsql) | store creates | creates ÷ raw | store CAS updates | updates ÷ raw | etcd 3.4 puts (1 / 2 node procs) | creates ÷ etcd | pgbench INSERT |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var w in o.WriterCounts)
            {
                var raw = Median("raw-insert", w);
                var create = Median("store-create", w);
                var update = Median("store-update", w);
                var etcd = r.Etcd.Any(e => e.Concurrency == w) ? $"{N(Etcd(w, 1))} / {N(Etcd(w, 2))}" : "–";
                md.AppendLine($"| {w} | {N(raw)} | {N(create)} | {Ratio(create, raw)} | {N(update)} | {Ratio(update, raw)} | {etcd} | {Ratio(create, EtcdBest(w))} | {N(PgBenchTps(w))} |");
            }

            md.AppendLine();

            // The machine may be shared: the same medians over only the runs during which other
            // processes stayed under the --max-other threshold, where there were any.
            double Quiet(string kind, int w) => Stats.Median(r.Writes
                .Where(s => s.Kind == kind && s.Writers == w && s.Result.Cpu.OtherCores <= r.MaxOther).Select(s => s.Result.OpsPerSec));
            int QuietCount(string kind, int w) => r.Writes.Count(s => s.Kind == kind && s.Writers == w && s.Result.Cpu.OtherCores <= r.MaxOther);
            double QuietEtcd(int c, int procs) => Stats.Median(r.Etcd.Where(e => e.Concurrency == c && e.Procs == procs && e.OtherCores <= r.MaxOther).Select(e => e.PutsPerSec));
            md.AppendLine($"The same, over only the runs during which other processes used at most {F(r.MaxOther)} cores (number of such runs in brackets):");
            md.AppendLine();
            md.AppendLine("| writers | raw INSERT (Npgsql) | store creates | creates ÷ raw | store CAS updates | updates ÷ raw | etcd 3.4 puts (1 / 2 node procs) |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var w in o.WriterCounts)
            {
                var raw = Quiet("raw-insert", w);
                var create = Quiet("store-create", w);
                var update = Quiet("store-update", w);
                string Q(string kind, double v) => $"{N(v)} ({QuietCount(kind, w)})";
                string QE(int procs) => $"{N(QuietEtcd(w, procs))} ({r.Etcd.Count(e => e.Concurrency == w && e.Procs == procs && e.OtherCores <= r.MaxOther)})";
                var etcd = r.Etcd.Any(e => e.Concurrency == w) ? $"{QE(1)} / {(w == 1 ? "–" : QE(2))}" : "–";
                md.AppendLine($"| {w} | {Q("raw-insert", raw)} | {Q("store-create", create)} | {Ratio(create, raw)} | {Q("store-update", update)} | {Ratio(update, raw)} | {etcd} |");
            }

            md.AppendLine();
            md.AppendLine($"Every PostgreSQL run (cores of the {Environment.ProcessorCount} used: harness = this process, which runs the writers, the store with its group commit, and Npgsql; " +
                          "postgres = the server's processes; other = anything else on the machine, which skews the figure):");
            md.AppendLine();
            md.AppendLine("| kind | writers | ops/s per round | p50 ms | p99 ms | max ms | writes per group commit | WAL bytes per write | cores: harness / postgres / other | attempts |");
            md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var g in r.Writes.GroupBy(s => (s.Kind, s.Writers)).OrderBy(g => g.Key.Writers).ThenBy(g => Array.IndexOf(WriteBench.Kinds, g.Key.Kind)))
            {
                var ordered = g.OrderBy(s => s.Round).ToList();
                var mid = g.OrderBy(s => s.Result.OpsPerSec).ElementAt(g.Count() / 2).Result;
                md.AppendLine($"| {g.Key.Kind} | {g.Key.Writers} | {string.Join(", ", ordered.Select(s => N(s.Result.OpsPerSec)))} | {F(mid.P50Ms)} | {F(mid.P99Ms)} | {F(mid.MaxMs, 1)} | {F(mid.MeanBatch, 1)} | {N(mid.WalBytesPerOp)} | {mid.Cpu.Cell} | {string.Join(", ", ordered.Select(s => s.Attempts))} |");
            }

            md.AppendLine();
            md.AppendLine("(latency and CPU columns are those of the median run)");
            md.AppendLine();
        }

        if (r.Etcd.Count > 0)
        {
            md.AppendLine("Every etcd run (client: the `etcd3` npm package under node; cores used by the node client processes, by the etcd server, and by anything else):");
            md.AppendLine();
            md.AppendLine("| concurrent puts | node procs | puts/s | p50 ms | p99 ms | cores: client / etcd / other | attempts |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var e in r.Etcd.OrderBy(e => e.Concurrency).ThenBy(e => e.Procs))
            {
                md.AppendLine($"| {e.Concurrency} | {e.Procs} | {N(e.PutsPerSec)} | {F(e.P50Ms)} | {F(e.P99Ms)} | {F(e.ClientCores)} / {F(e.ServerCores ?? double.NaN)} / {F(e.OtherCores)} | {e.Attempts} |");
            }

            md.AppendLine();
        }

        if (r.Watch is { } w8)
        {
            md.AppendLine($"#### Watch delivery ({w8.Watchers} watchers on the whole workspace, open-loop creates at {N(w8.TargetRate)}/s for {o.WatchDuration.TotalSeconds:F0} s)");
            md.AppendLine();
            md.AppendLine("| latency from Create call start to watcher receipt | p50 | p90 | p99 | p99.9 | max |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            md.AppendLine($"| ms | {F(w8.P50Ms)} | {F(w8.P90Ms)} | {F(w8.P99Ms)} | {F(w8.P999Ms)} | {F(w8.MaxMs)} |");
            md.AppendLine();
            md.AppendLine("| writes (achieved/s) | deliveries measured | missing | out of order or duplicate | after Create returned p50 / p99 ms | Create call p50 / p99 ms | pacing lag p99 ms | max creates in flight | cores: harness / postgres / other | attempts |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            md.AppendLine($"| {N(w8.Writes)} ({N(w8.AchievedRate)}/s) | {N(w8.Deliveries)} | {w8.Missing} | {w8.OutOfOrder} | {F(w8.AfterReturnP50Ms)} / {F(w8.AfterReturnP99Ms)} | {F(w8.WriteP50Ms)} / {F(w8.WriteP99Ms)} | {F(w8.PacingLagP99Ms)} | {w8.MaxInFlight} | {w8.Cpu.Cell} | {w8.Attempts} |");
            md.AppendLine();
            if (w8.Error != null)
            {
                md.AppendLine($"> watch error: {w8.Error}");
                md.AppendLine();
            }
        }

        if (r.List is { } l)
        {
            md.AppendLine($"#### List of {N(l.Keys)} live keys (ms, median of {o.ListRuns} runs after 2 warm-ups)");
            md.AppendLine();
            md.AppendLine("| history behind the keys | mode | median ms | min | max | ÷ 0 superseded | cores: harness / postgres / other | attempts |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var t in l.Timings)
            {
                var baseline = l.Timings.First(b => b.Mode == t.Mode).MedianMs;
                md.AppendLine($"| {t.State} | {t.Mode} ({t.Pages} page{(t.Pages == 1 ? "" : "s")}) | {F(t.MedianMs, 1)} | {F(t.MinMs, 1)} | {F(t.MaxMs, 1)} | {Ratio(t.MedianMs, baseline)} | {t.Cpu.Cell} | {t.Attempts} |");
            }

            md.AppendLine();
            if (l.Load is { } load)
            {
                md.AppendLine($"History: {N(load.Revisions)} superseded revisions = the same {N(l.Keys)} keys updated {o.UpdatesPerKey} times each, " +
                              $"added by {(load.Method == "api" ? "the store's UpdateAsync" : "SQL")} ({load.Detail}) in {F(load.Seconds, 1)} s = {N(load.RevisionsPerSec)} revisions/s. " +
                              $"Tables then: {string.Join("; ", l.TableSizes.Select(kv => $"{kv.Key} {kv.Value}"))}." +
                              (load.RatePerTenth.Count > 1 ? $" Update rate over each tenth of the load: {string.Join(", ", load.RatePerTenth.Select(N))}/s." : ""));
                md.AppendLine();
            }

            if (l.Compaction is { } c)
            {
                md.AppendLine($"#### Compaction of that history (CompactAsync to the head, while {c.Writers} writers keep doing CAS updates in the same workspace)");
                md.AppendLine();
                md.AppendLine("| compaction took | rows removed | writes/s before | during | after | write p99 ms before / during / after | write max ms during | cores: harness / postgres / other (whole phase) |");
                md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
                md.AppendLine($"| {F(c.Seconds, 1)} s | {N(c.RowsRemoved)} | {N(c.BeforeOpsPerSec)} | {N(c.DuringOpsPerSec)} ({Ratio(c.DuringOpsPerSec, c.BeforeOpsPerSec)}) | {N(c.AfterOpsPerSec)} | {F(c.BeforeP99Ms)} / {F(c.DuringP99Ms)} / {F(c.AfterP99Ms)} | {F(c.DuringMaxMs)} | {c.Cpu.Cell} |");
                md.AppendLine();
                if (c.Error != null)
                {
                    md.AppendLine($"> compaction error: {c.Error}");
                    md.AppendLine();
                }
            }
        }

        md.AppendLine("#### Targets");
        md.AppendLine();
        md.AppendLine("| target | figure | |");
        md.AppendLine("|---|---|---|");
        if (r.Writes.Any(s => s.Kind != "raw-insert" && s.Writers == 8))
        {
            var raw8 = Median("raw-insert", 8);
            var c8 = Median("store-create", 8) / raw8;
            var u8 = Median("store-update", 8) / raw8;
            md.AppendLine($"| store writes ≥ 0.5× raw INSERTs at 8 writers | creates {F(c8)}×, CAS updates {F(u8)}× | {Met(c8 >= 0.5 && u8 >= 0.5)} |");
        }

        if (r.Watch is { } wt)
        {
            md.AppendLine($"| watch p99 < 50 ms ({wt.Watchers} watchers, {N(wt.TargetRate)} writes/s) | p99 {F(wt.P99Ms)} ms, {wt.Missing} missing | {Met(wt.P99Ms < 50 && wt.Missing == 0)} |");
        }

        if (r.List is { } lt)
        {
            foreach (var mode in lt.Timings.Select(t => t.Mode).Distinct())
            {
                var none = lt.Timings.First(t => t.Mode == mode).MedianMs;
                foreach (var with in lt.Timings.Where(t => t.Mode == mode && t.State.Contains("superseded,", StringComparison.Ordinal)))
                {
                    var when = with.State[(with.State.IndexOf("superseded, ", StringComparison.Ordinal) + "superseded, ".Length)..];
                    md.AppendLine($"| list with {N(lt.Superseded)} superseded ≤ 1.2× with none ({mode}; {when}) | {F(with.MedianMs, 1)} ms vs {F(none, 1)} ms = {Ratio(with.MedianMs, none)} | {Met(with.MedianMs <= 1.2 * none)} |");
                }
            }
        }

        md.AppendLine();
        return md.ToString();
    }
}
