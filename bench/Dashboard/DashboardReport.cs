using System.Text;
using static Berth.Bench.ReportText;

namespace Berth.Bench.Dashboard;

/// <summary>results.md of a dashboard run: the page's figures beside kubectl's, and the issue's targets.</summary>
internal static class DashboardReport
{
    public static string Markdown(DashboardResults r)
    {
        var md = new StringBuilder();
        var commit = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "unknown";
        AppendPreamble(md, $"### Dashboard figures of {r.StartedAt:yyyy-MM-dd HH:mm} UTC, commit {commit}", r.Quick, r.Notes, [], "", 0, r.Machine);
        md.AppendLine($"The pods page of one namespace holding **{N(r.Pods)} pods** (created through the API in {F(r.CreateSeconds, 1)} s, " +
                      $"Pending: no agent), `/w/default/namespaces/bench/pods`, signed in as admin. Times in ms; " +
                      $"p50 / p90 / max over the timed runs (one warm-up run of each measure is not counted), " +
                      $"responsiveness probes p50 / p99 / max. The churn writer offered {F(r.ChurnRate, 0)} label patches/s and " +
                      $"{F(r.ChurnAchieved, 1)}/s were answered{(r.ChurnFailures > 0 ? $" (**{r.ChurnFailures} failed**)" : "")}.");
        md.AppendLine();
        md.AppendLine("| | measure | samples | p50 | p90 / p99 | max | target | |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var m in r.Measures)
        {
            var sorted = m.Samples.Order().ToList();
            var high = m.Percentiles == "p99" ? 0.99 : 0.90;
            var p = Stats.Percentile(sorted, high);
            var target = m.TargetMs is { } t ? $"p90 < {N(t)}" : "";
            var met = m.TargetMs is { } limit && sorted.Count > 0 ? Met(p < limit) : "";
            var highText = sorted.Count == 0 ? "–" : $"{F(p, 1)} ({m.Percentiles})";
            md.AppendLine($"| {m.Section} | {m.Name} | {sorted.Count} | {F(Stats.Percentile(sorted, 0.5), 1)} | {highText} | " +
                          $"{(sorted.Count == 0 ? "–" : F(sorted.Max(), 1))} | {target} | {met} |");
        }

        md.AppendLine();
        md.AppendLine("How each was taken:");
        md.AppendLine();
        foreach (var m in r.Measures.DistinctBy(m => m.Name))
        {
            md.AppendLine($"- *{m.Name}*: {m.Method}.");
        }

        md.AppendLine();
        return md.ToString();
    }
}
