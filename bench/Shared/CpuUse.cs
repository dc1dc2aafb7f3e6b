namespace Berth.Bench;

/// <summary>
/// Cores used: by the harness process, by PostgreSQL, by anything else, and by the whole machine;
/// and by the server under test when it runs as a process of its own (NaN otherwise).
/// </summary>
internal sealed record CpuUse(double HarnessCores, double PostgresCores, double OtherCores, double MachineCores)
{
    public double ServerCores { get; init; } = double.NaN;

    /// <summary>How many of the server's threads were, on average, runnable but waiting for a CPU: above ~1 the server was starved of cores.</summary>
    public double ServerWaitingThreads { get; init; } = double.NaN;

    private bool HasServer => !double.IsNaN(ServerCores);

    public string Brief => HasServer
        ? $"cores: harness {HarnessCores:F2}, server {ServerCores:F2}, postgres {PostgresCores:F2}, other {OtherCores:F2}; server threads waiting for a CPU {ServerWaitingThreads:F2}"
        : $"cores: harness {HarnessCores:F2}, postgres {PostgresCores:F2}, other {OtherCores:F2}";

    /// <summary>For a table cell: harness [/ server] / postgres / other.</summary>
    public string Cell => HasServer
        ? $"{HarnessCores:F2} / {ServerCores:F2} / {PostgresCores:F2} / {OtherCores:F2}"
        : $"{HarnessCores:F2} / {PostgresCores:F2} / {OtherCores:F2}";
}
