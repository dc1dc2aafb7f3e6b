using System.Text.Json.Nodes;

namespace Berth.Engine.Nodes;

// The contract between `berth agent` and the server's AgentHub (SignalR, JSON protocol), in one
// place so both sides compile against the same shapes. Level-triggered, as kubelet is: on every
// connect the agent says what it runs and receives everything its node should run; after that,
// changes flow one by one. Objects travel as the API stores them (JsonObject), so the agent reads
// pods exactly as kubectl would.

/// <summary>The hub's route on the server.</summary>
public static class AgentHubRoute
{
    public const string Path = "/agent/v1/hub";
}

/// <summary>Methods the agent calls on the hub.</summary>
public static class AgentHubMethods
{
    /// <summary><see cref="NodeRegistration"/> in, <see cref="DesiredState"/> back.</summary>
    public const string Register = "Register";

    /// <summary><see cref="PodStatusReport"/>[]: statuses that changed since the last report.</summary>
    public const string ReportPodStatuses = "ReportPodStatuses";

    /// <summary><see cref="PodEventReport"/>[]: what happened to pods, recorded as Events.</summary>
    public const string ReportPodEvents = "ReportPodEvents";

    /// <summary><see cref="PodRef"/>: the pod's containers are gone; the server may remove the pod.</summary>
    public const string ConfirmTerminated = "ConfirmTerminated";

    /// <summary>No argument: the node is alive. Kept in memory by the hub, never in the revision log.</summary>
    public const string Heartbeat = "Heartbeat";

    /// <summary>
    /// A request id and one <see cref="LogChunk"/> of the answer to <see cref="AgentClientMethods.StreamLogs"/>.
    /// Chunks are plain messages, not one long streaming call: a call that lasts as long as a
    /// follow would hold the node's connection, and SignalR runs one call per connection at a time.
    /// </summary>
    public const string LogChunk = "LogChunk";

    /// <summary>A request id: its log has ended (the container stopped, or the agent was told to stop).</summary>
    public const string LogEnd = "LogEnd";

    /// <summary><see cref="MetricsReport"/>: the node's and its pods' CPU and memory usage, every metrics interval. Kept in memory, never in the revision log.</summary>
    public const string ReportMetrics = "ReportMetrics";
}

/// <summary>Methods the hub calls on the agent.</summary>
public static class AgentClientMethods
{
    /// <summary>A pod bound to this node was created or changed (including marked for deletion).</summary>
    public const string PodChanged = "PodChanged";

    /// <summary>A pod bound to this node is gone from the store: stop what is left of it.</summary>
    public const string PodRemoved = "PodRemoved";

    /// <summary>A ConfigMap or Secret a pod of this node uses was created or changed (the object, whose kind says which).</summary>
    public const string ConfigChanged = "ConfigChanged";

    /// <summary>A ConfigMap or Secret a pod of this node uses was deleted: kind, namespace, name.</summary>
    public const string ConfigRemoved = "ConfigRemoved";

    /// <summary><see cref="PodLogRequest"/>: stream a container's log back with <see cref="AgentHubMethods.LogChunk"/> and <see cref="AgentHubMethods.LogEnd"/>.</summary>
    public const string StreamLogs = "StreamLogs";

    /// <summary>A request id: whoever asked for that log has gone; stop streaming it.</summary>
    public const string CancelLogs = "CancelLogs";
}

/// <summary>What a node tells the server on every connect.</summary>
/// <param name="Capacity">Kubernetes quantities by resource: cpu, memory, pods.</param>
/// <param name="RunningPodUids">The inventory: uids of the pods whose containers the agent has on its engine.</param>
/// <param name="NodeName">The name the agent was started with; it must be the one its credential names.</param>
public sealed record NodeRegistration(
    string NodeName,
    string Address,
    IReadOnlyDictionary<string, string> Capacity,
    NodeSystemInfo Info,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> RunningPodUids);

/// <summary><c>status.nodeInfo</c> as Kubernetes names it.</summary>
public sealed record NodeSystemInfo(string OperatingSystem, string Architecture, string KernelVersion, string OsImage, string ContainerRuntimeVersion, string KubeletVersion);

/// <summary>
/// Everything a node should run now: the pods bound to it (with their deletion marks), and the
/// ConfigMaps and Secrets those pods use (env, envFrom, volumes), and no others.
/// </summary>
public sealed record DesiredState(string NodeName, IReadOnlyList<JsonObject> Pods, IReadOnlyList<JsonObject> Configs);

public sealed record PodRef(string Namespace, string Name, string Uid);

public sealed record PodStatusReport(PodRef Pod, JsonObject Status);

public sealed record PodEventReport(PodRef Pod, string Type, string Reason, string Message, DateTimeOffset Time);

/// <summary>What <c>kubectl logs</c> asked for, as the server forwards it to the pod's node.</summary>
public sealed record PodLogRequest(
    string RequestId,
    PodRef Pod,
    string Container,
    bool Follow,
    bool Previous,
    bool Timestamps,
    int? TailLines,
    DateTimeOffset? Since,
    long? LimitBytes);

/// <summary>
/// One piece of a log stream. The first chunk of every stream is either empty (the log is open:
/// the server may answer 200) or an <see cref="Error"/> (no such container, no previous one), so
/// the HTTP status is known before any byte of the body.
/// </summary>
public sealed record LogChunk(string Text, string? Error = null);

/// <summary>
/// CPU and memory as kubelet's summary reports them: CPU as a rate in nanocores (cores × 10⁹)
/// averaged over the window between two samples, memory as the working set in bytes.
/// </summary>
public sealed record ResourceUsage(long CpuNanoCores, long MemoryWorkingSetBytes);

public sealed record ContainerMetrics(string Name, ResourceUsage Usage);

public sealed record PodMetricsSample(PodRef Pod, IReadOnlyList<ContainerMetrics> Containers);

/// <summary>
/// One metrics report of a node: sampled at <paramref name="Timestamp"/>, rates over the
/// <paramref name="Window"/> before it. <paramref name="Node"/> is null until the node has two samples.
/// </summary>
public sealed record MetricsReport(DateTimeOffset Timestamp, TimeSpan Window, ResourceUsage? Node, IReadOnlyList<PodMetricsSample> Pods);
