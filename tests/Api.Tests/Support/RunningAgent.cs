using Berth.Agents;
using Berth.Agents.Runtime.Docker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Api.Tests.Support;

/// <summary>A real agent running in the test process until disposed, which stops it as Ctrl-C would.</summary>
internal sealed record RunningAgent(CancellationTokenSource Stop, Task Run) : IAsyncDisposable
{
    /// <summary>An agent for <paramref name="node"/> at 127.0.0.2, quick to sync, report metrics (every 0.5 s) and reconnect.</summary>
    public static RunningAgent Start(Uri server, string credential, string node, string dataDirectory, DockerEngine engine) =>
        Start(new AgentOptions
        {
            Server = server,
            Credential = credential,
            NodeName = node,
            Address = "127.0.0.2",
            DataDirectory = dataDirectory,
            SyncInterval = TimeSpan.FromMilliseconds(200),
            MetricsInterval = TimeSpan.FromMilliseconds(500),
            ReconnectDelay = (TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)),
        }, engine);

    public static RunningAgent Start(AgentOptions options, DockerEngine engine)
    {
        var agent = new NodeAgent(options, engine, NullLoggerFactory.Instance, TimeProvider.System);
        var stop = new CancellationTokenSource();
        return new RunningAgent(stop, agent.RunAsync(stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        await Run;
        Stop.Dispose();
    }
}
