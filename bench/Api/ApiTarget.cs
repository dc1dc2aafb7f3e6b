namespace Berth.Bench.Api;

/// <summary>
/// The server under test as the phases reach it: kubectl-like clients over TLS and over plain
/// HTTP, the pod manifest they send, and the server's /metrics.
/// </summary>
internal sealed class ApiTarget : IDisposable
{
    /// <summary>The workspace berth server bootstraps, which its kubeconfig's token is for.</summary>
    public const string Workspace = "default";

    private readonly HttpClient metrics;

    public ApiTarget(BerthServerProcess server, PodManifest pod)
    {
        Server = server;
        Config = Kubeconfig.Load(server.KubeconfigPath);
        Pod = pod;
        // Enough connections for every client of the create phase and for a paced run that queues.
        Tls = new KubeClient(Config, server.Address, tls: true, maxConnections: 64);
        Plain = new KubeClient(Config, server.Address, tls: false, maxConnections: 64);
        metrics = new HttpClient { BaseAddress = server.Address };
    }

    public BerthServerProcess Server { get; }

    public Kubeconfig Config { get; }

    public PodManifest Pod { get; }

    /// <summary>HTTPS with the kubeconfig's CA and token: what kubectl does.</summary>
    public KubeClient Tls { get; }

    /// <summary>Plain HTTP with the same token, which the server also accepts on the same port.</summary>
    public KubeClient Plain { get; }

    /// <summary>A client of its own, e.g. for hundreds of watch connections.</summary>
    public KubeClient NewClient(int maxConnections) => new(Config, Server.Address, tls: true, maxConnections);

    public Task<ServerMetrics> ScrapeAsync() => ServerMetrics.ScrapeAsync(metrics);

    public void Dispose()
    {
        Tls.Dispose();
        Plain.Dispose();
        metrics.Dispose();
    }
}
