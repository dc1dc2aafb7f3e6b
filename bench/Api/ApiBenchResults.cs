namespace Berth.Bench.Api;

/// <summary>Everything one run measured, as results.json keeps it (results.md is rendered from it).</summary>
internal sealed class ApiBenchResults
{
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public string Commit { get; set; } = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "unknown";
    public bool Quick { get; set; }
    public double MaxOther { get; set; } = 0.25;
    public List<KeyValuePair<string, string>> Machine { get; set; } = [];

    /// <summary>Size of the pod manifest a create sends, and of the value the server stored for it (what store-create writes).</summary>
    public int RequestBytes { get; set; }
    public int StoredBytes { get; set; }

    public List<ProbeSample> Probes { get; set; } = [];
    public List<CreateSample> Creates { get; set; } = [];
    public PacedResult? Paced { get; set; }
    public ListResult? List { get; set; }
    public List<WatchResult> Watch { get; set; } = [];
    public List<string> Notes { get; set; } = [];
}
