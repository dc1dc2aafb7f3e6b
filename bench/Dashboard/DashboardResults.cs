namespace Berth.Bench.Dashboard;

/// <summary>Everything one run measured, as results.json keeps it (times in ms).</summary>
internal sealed class DashboardResults
{
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public bool Quick { get; set; }
    public int Pods { get; set; }
    public double CreateSeconds { get; set; }
    public double ChurnRate { get; set; }
    public double ChurnAchieved { get; set; }
    public int ChurnFailures { get; set; }
    public double ProbeSeconds { get; set; }
    public List<KeyValuePair<string, string>> Machine { get; set; } = [];
    public List<string> Notes { get; set; } = [];

    /// <summary>What the last first screen loaded, with when (results.json only).</summary>
    public List<string> FirstScreenResources { get; set; } = [];

    /// <summary>One row of the table per measure, in the order the report shows them.</summary>
    public List<Measure> Measures { get; set; } = [];
}

/// <param name="Section">Which table: first screen, quiet page, under churn, kubectl.</param>
/// <param name="Percentiles">Which to show: "p90" (p50 / p90 / max) or "p99" (p50 / p99 / max).</param>
/// <param name="TargetMs">The target for this measure (the p90 is held to it), or null.</param>
internal sealed record Measure(string Section, string Name, string Method, string Percentiles, List<double> Samples, double? TargetMs);
