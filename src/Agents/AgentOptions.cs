using Berth.Agents.Pods;

namespace Berth.Agents;

/// <summary>How one `berth agent` (or the server's embedded one) runs.</summary>
public sealed record AgentOptions
{
    /// <summary>The server, e.g. <c>https://10.0.0.5:8080</c>; the hub's path is added.</summary>
    public required Uri Server { get; init; }

    /// <summary>The node credential (<c>berth_node_…</c>) the hub authenticates.</summary>
    public required string Credential { get; init; }

    public required string NodeName { get; init; }

    /// <summary>The node's address: container ports are published on it, and it is the Node's InternalIP.</summary>
    public string Address { get; init; } = "127.0.0.1";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the agent keeps pods' volumes (<c>pods/{uid}/volumes/…</c>); secrets in it are readable by the agent's user only.</summary>
    public string DataDirectory { get; init; } = "./agent-data";

    /// <summary>
    /// What this agent's containers are labelled with on the engine; the node name unless several
    /// agents of one name share an engine (two servers' embedded agents on one machine).
    /// </summary>
    public string? RuntimeScope { get; init; }

    /// <summary>The server's CA (PEM) to trust for https; null trusts the system's roots.</summary>
    public string? CertificateAuthorityPem { get; init; }

    public RestartBackoff RestartBackoff { get; init; } = RestartBackoff.Default;

    /// <summary>
    /// How often a steady pod's containers are checked against its spec between changes (kubelet
    /// resyncs every minute). Container starts and exits wake a pod at once through the engine's
    /// events, so this is only the safety net.
    /// </summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a pod that is not steady (starting, waiting on a back-off or a missing object) is synced.</summary>
    public TimeSpan UnsteadySyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often CPU and memory usage are sampled and reported (kubelet's and metrics-server's default resolution is 10–15 s); CPU is the rate between two samples.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnect waits grow from the first to the second, with jitter, and start over after a good connection.</summary>
    public (TimeSpan First, TimeSpan Most) ReconnectDelay { get; init; } = (TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    public NodeIdentity Identity => new(RuntimeScope ?? NodeName, Address);
}
