namespace Berth.Engine.Controllers.Runtime;

/// <summary>Tuning for the controller manager and the controllers it runs; the defaults suit a server, tests shorten the waits.</summary>
public sealed record ControllerOptions
{
    /// <summary>
    /// False serves the API alone, as kube-apiserver runs without a controller manager: for tests of
    /// what the API itself does with finalizers, before any controller acts on them.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How a failing key is retried.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public InformerOptions Informers { get; init; } = new();

    /// <summary>How often the leader looks for workspaces that appeared (or went) since it last looked.</summary>
    public TimeSpan WorkspacePollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a replica that is not the leader tries to become it, and so how soon it takes over from a leader that stopped.</summary>
    public TimeSpan LeaderRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the leader checks that it still holds its lock (its connection is alive); it stops leading when that fails.</summary>
    public TimeSpan LeaderCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long superseded revisions are kept before compaction removes them (zero or less: never).
    /// A day by default: long enough to read and restore yesterday's object, short enough that
    /// heartbeats and status updates do not grow the log without bound.
    /// </summary>
    public TimeSpan HistoryRetention { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How often the leader marks each workspace's revision and compacts what is older than <see cref="HistoryRetention"/>.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a node may go without a heartbeat before it is marked Ready=Unknown and tainted unreachable (Kubernetes' node-monitor-grace-period).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
