using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Berth.Agents.Config;
using Berth.Agents.Hub;
using Berth.Agents.Metrics;
using Berth.Agents.Pods;
using Berth.Agents.Probes;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Agents;

/// <summary>
/// The node agent: connects out to the server's AgentHub, registers its node, runs the pods bound
/// to it (one <see cref="PodSupervisor"/> each) and reports back. If the connection drops, pods keep
/// running and the agent reconnects with growing, jittered waits; every connect starts with the
/// whole desired state, and what the node runs is reconciled against it (containers of pods no
/// longer wanted are removed), so nothing depends on a message that was lost.
/// </summary>
public sealed partial class NodeAgent(AgentOptions options, DockerEngine engine, ILoggerFactory loggers, TimeProvider time)
{
    private readonly ILogger log = loggers.CreateLogger<NodeAgent>();
    private readonly ConcurrentDictionary<string, PodSupervisor> pods = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> logStreams = new();
    private readonly Outbox outbox = new();
    private readonly ConfigStore configs = new();
    private readonly ProbeAction probeAction = new(engine, ProbeHttp);
    private readonly Lock gate = new();
    private PodWorker? worker;
    private MetricsSampler? sampler;
    private HubConnection? connection;
    private List<Action>? held; // hub messages that arrive before the desired state is applied

    // One client for every httpGet probe of the node: like kubelet's, it follows no redirects across hosts and trusts any certificate (probes check liveness, not identity).
    private static readonly HttpClient ProbeHttp = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>How many times the agent has registered; tests wait on it to see a reconnect.</summary>
    public int Registrations { get; private set; }

    /// <summary>Runs until <paramref name="ct"/> is cancelled. Stopping leaves containers running, as a stopped kubelet does.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        worker = new PodWorker(engine, options.Identity, options.RestartBackoff, time,
            (pod, e) => outbox.Event(new PodEventReport(new PodRef(pod.Metadata.Namespace, pod.Metadata.Name, pod.Uid), e.Type, e.Reason, e.Message, time.GetUtcNow())),
            new PodVolumes(Path.Combine(options.DataDirectory, "pods")), configs);
        sampler = new MetricsSampler(engine, options.Identity, time);
        var reporting = outbox.RunAsync(SendAsync, TimeSpan.FromSeconds(1), ct);
        var events = FollowContainerEventsAsync(ct);
        var delay = options.ReconnectDelay.First;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (await ConnectOnceAsync(ct))
                {
                    delay = options.ReconnectDelay.First;
                }

                if (ct.IsCancellationRequested)
                {
                    break;
                }

                // Full jitter: a server restart does not bring every node back in the same instant.
                var wait = TimeSpan.FromMilliseconds(delay.TotalMilliseconds * (0.5 + (Random.Shared.NextDouble() / 2)));
                LogReconnecting(log, wait.TotalSeconds);
                await Task.Delay(wait, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = delay * 2 < options.ReconnectDelay.Most ? delay * 2 : options.ReconnectDelay.Most;
            }
        }
        finally
        {
            await Task.WhenAll(pods.Values.Select(p => p.DisposeAsync().AsTask()));
            pods.Clear();
            await reporting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await events.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// kubelet's PLEG: a container of this node that starts, dies or is removed wakes its pod's
    /// supervisor at once (a crash is seen in milliseconds, not at the next resync). If the stream
    /// breaks, it is opened again after a second, and every pod syncs, in case an event was missed.
    /// </summary>
    private async Task FollowContainerEventsAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in engine.ContainerEventsAsync([$"{ContainerLabels.Node}={options.Identity.Name}"], ct))
                {
                    if (change.Action is "start" or "die" or "oom" or "destroy" or "kill"
                        && change.Labels.TryGetValue(ContainerLabels.PodUid, out var uid) && pods.TryGetValue(uid, out var supervisor))
                    {
                        supervisor.Wake();
                    }
                }
            }
            catch (Exception e) when (e is DockerException or IOException or HttpRequestException && !ct.IsCancellationRequested)
            {
                LogSendFailed(log, e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var supervisor in pods.Values)
            {
                supervisor.Wake();
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One connection, from connect to close; true when it got as far as registering.</summary>
    private async Task<bool> ConnectOnceAsync(CancellationToken ct)
    {
        await using var hub = Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        hub.On<JsonObject>(AgentClientMethods.PodChanged, pod => Hold(() => Apply(pod)));
        hub.On<string>(AgentClientMethods.PodRemoved, uid => Hold(() => _ = RemoveAsync(uid, OrphanContainers.Grace)));
        hub.On<JsonObject>(AgentClientMethods.ConfigChanged, obj => Hold(() => ConfigChanged(() => configs.Put(obj))));
        hub.On<string, string, string>(AgentClientMethods.ConfigRemoved, (kind, ns, name) => Hold(() => ConfigChanged(() => configs.Remove(new ConfigKey(kind, ns, name)))));
        // A block body on purpose: "request => _ = StreamLogsAsync(…)" is a Func returning the Task, and
        // the client awaits a handler's Task before it reads the next message, so a followed log
        // stopped the node from hearing anything else until the follow ended.
        hub.On<PodLogRequest>(AgentClientMethods.StreamLogs, request => { _ = StreamLogsAsync(hub, request); });
        hub.On<string>(AgentClientMethods.CancelLogs, id =>
        {
            if (logStreams.TryRemove(id, out var stop))
            {
                stop.Cancel();
            }
        });
        lock (gate)
        {
            held = [];
        }

        try
        {
            await hub.StartAsync(ct);
            var registration = new NodeRegistration(options.NodeName, options.Address, NodeFacts.Capacity(), await NodeFacts.InfoAsync(engine, ct), options.Labels,
                [.. pods.Keys]);
            var desired = await hub.InvokeAsync<DesiredState>(AgentHubMethods.Register, registration, ct);
            connection = hub;
            outbox.ForgetSent();
            await ResyncAsync(desired, ct);
            Registrations++;
            LogRegistered(log, options.NodeName, options.Server, desired.Pods.Count);
            var metrics = ReportMetricsUntilClosedAsync(hub, closed.Task, ct);
            await HeartbeatUntilClosedAsync(hub, closed.Task, ct);
            await metrics;
            return true;
        }
        catch (Exception e)
        {
            // Stopping while connecting ends here too: the agent is going away, nothing to report.
            if (!ct.IsCancellationRequested)
            {
                LogConnectionFailed(log, options.Server, e.GetBaseException().Message);
            }

            return connection == hub;
        }
        finally
        {
            connection = null;
        }
    }

    private async Task HeartbeatUntilClosedAsync(HubConnection hub, Task closed, CancellationToken ct)
    {
        while (!closed.IsCompleted && !ct.IsCancellationRequested)
        {
            await Task.WhenAny(closed, Task.Delay(options.HeartbeatInterval, time, ct));
            if (!closed.IsCompleted && !ct.IsCancellationRequested)
            {
                await hub.SendAsync(AgentHubMethods.Heartbeat, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Every metrics interval, the usage of this node's running pods and of the machine goes to the
    /// server (kubelet's summary API, pushed instead of scraped). A sample that fails is skipped:
    /// metrics are a current figure, and the next one replaces it anyway.
    /// </summary>
    private async Task ReportMetricsUntilClosedAsync(HubConnection hub, Task closed, CancellationToken ct)
    {
        while (!closed.IsCompleted && !ct.IsCancellationRequested)
        {
            try
            {
                var report = await sampler!.SampleAsync(pods.Keys.ToHashSet(), ct);
                if (report.Node is not null || report.Pods.Count > 0)
                {
                    await hub.InvokeAsync(AgentHubMethods.ReportMetrics, report, ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogSendFailed(log, "metrics: " + e.GetBaseException().Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.WhenAny(closed, Task.Delay(options.MetricsInterval, time, ct));
        }
    }

    /// <summary>Makes what runs match the desired state: a supervisor per wanted pod, and the containers of every other pod removed.</summary>
    private async Task ResyncAsync(DesiredState desired, CancellationToken ct)
    {
        configs.ReplaceAll(desired.Configs);
        var wanted = desired.Pods.ToDictionary(p => (string)p["metadata"]!["uid"]!);
        foreach (var uid in pods.Keys.Where(uid => !wanted.ContainsKey(uid)).ToList())
        {
            await RemoveAsync(uid, OrphanContainers.Grace);
        }

        foreach (var pod in wanted.Values)
        {
            Apply(pod);
        }

        var removed = await new OrphanContainers(engine, options.Identity).RemoveAsync(wanted.Keys.ToHashSet(), ct);
        foreach (var uid in removed)
        {
            LogOrphanRemoved(log, uid);
        }

        List<Action> replay;
        lock (gate)
        {
            replay = held ?? [];
            held = null;
        }

        foreach (var action in replay)
        {
            action();
        }
    }

    private void Hold(Action action)
    {
        lock (gate)
        {
            if (held is not null)
            {
                held.Add(action);
                return;
            }
        }

        action();
    }

    /// <summary>Applies a ConfigMap or Secret change and lets every pod sync (env is read at start; volume files follow at once).</summary>
    private void ConfigChanged(Action change)
    {
        change();
        foreach (var supervisor in pods.Values)
        {
            supervisor.Wake();
        }
    }

    private void Apply(JsonObject pod)
    {
        var uid = (string)pod["metadata"]!["uid"]!;
        if (pods.TryGetValue(uid, out var supervisor))
        {
            supervisor.Update(pod);
            return;
        }

        pods[uid] = new PodSupervisor(pod, worker!, outbox, ConfirmTerminatedAsync, (options.SyncInterval, options.UnsteadySyncInterval), loggers.CreateLogger<PodSupervisor>(),
            (report, wake) => new PodProbes(probeAction, engine, time, report, wake));
    }

    /// <summary>The pod is gone from the store: its loop ends and its containers are stopped and removed.</summary>
    private async Task RemoveAsync(string uid, TimeSpan grace)
    {
        if (pods.TryRemove(uid, out var supervisor))
        {
            await supervisor.DisposeAsync();
        }

        outbox.Forget(uid);
        try
        {
            await worker!.TerminateAsync(uid, grace, CancellationToken.None);
        }
        catch (DockerException e)
        {
            LogRemoveFailed(log, uid, e.Message); // the next resync removes it as an orphan
        }
    }

    /// <summary>Streams a container's log to the server until it ends, the server cancels it, or the connection goes.</summary>
    private async Task StreamLogsAsync(HubConnection hub, PodLogRequest request)
    {
        using var stop = new CancellationTokenSource();
        logStreams[request.RequestId] = stop;
        try
        {
            var opened = false;
            try
            {
                await foreach (var chunk in new ContainerLogs(engine, options.Identity).ReadAsync(request, stop.Token))
                {
                    await hub.SendAsync(AgentHubMethods.LogChunk, request.RequestId, chunk, stop.Token);
                    opened = true;
                }
            }
            catch (Exception e) when (e is DockerException or IOException or HttpRequestException && !stop.IsCancellationRequested)
            {
                // The engine failed (say the container was replaced between finding it and reading
                // it): the server hears why, and the end below, instead of waiting for ever.
                LogSendFailed(log, e.GetBaseException().Message);
                if (!opened)
                {
                    await hub.SendAsync(AgentHubMethods.LogChunk, request.RequestId,
                        new LogChunk("", $"cannot read the log of container \"{request.Container}\": {e.GetBaseException().Message}"), stop.Token);
                }
            }

            await hub.SendAsync(AgentHubMethods.LogEnd, request.RequestId, CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or DockerException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException)
        {
            LogSendFailed(log, e.GetBaseException().Message);
        }
        finally
        {
            logStreams.TryRemove(request.RequestId, out _);
        }
    }

    private async Task<bool> ConfirmTerminatedAsync(PodRef pod)
    {
        if (connection is not { } hub)
        {
            return false;
        }

        try
        {
            await hub.InvokeAsync(AgentHubMethods.ConfirmTerminated, pod);
            return true;
        }
        catch (Exception e)
        {
            LogSendFailed(log, e.GetBaseException().Message);
            return false;
        }
    }

    private async Task<bool> SendAsync(IReadOnlyList<PodStatusReport> statuses, IReadOnlyList<PodEventReport> events)
    {
        if (connection is not { } hub)
        {
            return false;
        }

        try
        {
            if (events.Count > 0)
            {
                await hub.InvokeAsync(AgentHubMethods.ReportPodEvents, events);
            }

            if (statuses.Count > 0)
            {
                await hub.InvokeAsync(AgentHubMethods.ReportPodStatuses, statuses);
            }

            return true;
        }
        catch (Exception e)
        {
            LogSendFailed(log, e.GetBaseException().Message);
            return false;
        }
    }

    private HubConnection Build()
    {
        var hubUri = new Uri(options.Server, AgentHubRoute.Path);
        var builder = new HubConnectionBuilder();
        // The client's own logs would repeat, at error level, every drop this class already reports once.
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(hubUri));
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(socket =>
        {
            socket.SetRequestHeader("Authorization", "Bearer " + options.Credential);
            if (options.CertificateAuthorityPem is { } pem)
            {
                socket.RemoteCertificateValidationCallback = ServerTrust.Only(pem);
            }
        }));
        // The payloads' (de)serializers generated at build time (AgentJson), ahead of reflection, which the native agent has not.
        builder.AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, AgentJson.Default));
        return builder.Build();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} registered with {Server}; {Pods} pods bound to it")]
    private static partial void LogRegistered(ILogger logger, string node, Uri server, int pods);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection to {Server} failed or ended: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, Uri server, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "reconnecting in {Seconds:0.0} s")]
    private static partial void LogReconnecting(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "removed the containers of pod {Uid}, which this node no longer runs")]
    private static partial void LogOrphanRemoved(ILogger logger, string uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not remove the containers of pod {Uid}: {Reason}")]
    private static partial void LogRemoveFailed(ILogger logger, string uid, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "report not sent: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);
}
