namespace Berth.Agents.Probes;

public enum ProbeKind
{
    Startup,
    Liveness,
    Readiness,
}

/// <summary>One probe attempt: whether it passed and, when not, what went wrong (the Unhealthy event says it).</summary>
public readonly record struct ProbeResult(bool Passed, string? Failure)
{
    public static ProbeResult Success { get; } = new(true, null);

    public static ProbeResult Fail(string why) => new(false, why);
}
