using System.Text.Json.Nodes;
using Berth.Agents.Pods;
using Berth.Agents.Probes;
using Berth.Engine.Nodes;
using Microsoft.Extensions.Logging;

namespace Berth.Agents;

/// <summary>
/// One pod's loop on the node, as kubelet's pod worker: sync on every change of the pod, of its
/// containers (engine events), and every sync interval (short while it is not steady), report the
/// status when it changed, and once the pod is marked for deletion stop
/// its containers within its grace and tell the server they are gone. Newer versions of the pod
/// replace older ones; an older one arriving late (by resourceVersion) is ignored.
/// </summary>
internal sealed partial class PodSupervisor : IAsyncDisposable
{
    private readonly PodWorker worker;
    private readonly Outbox outbox;
    private readonly Func<PodRef, Task<bool>> confirmTerminated;
    private readonly TimeSpan interval;
    private readonly ILogger log;
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private PodManifest pod;
    private long revision;

    private readonly PodProbes probes;

    private readonly TimeSpan unsteadyInterval;
    private bool steady;

    public PodSupervisor(JsonObject pod, PodWorker worker, Outbox outbox, Func<PodRef, Task<bool>> confirmTerminated, (TimeSpan Steady, TimeSpan Unsteady) interval, ILogger log,
        Func<Action<PodEvent>, Action, PodProbes> newProbes)
    {
        this.pod = PodManifest.From(pod);
        revision = Revision(pod);
        this.worker = worker;
        this.outbox = outbox;
        this.confirmTerminated = confirmTerminated;
        this.interval = interval.Steady;
        unsteadyInterval = interval.Unsteady;
        this.log = log;
        probes = newProbes(e => worker.Report(this.pod, e), () => wake.Release());
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    public string Uid => pod.Uid;

    public void Update(JsonObject next)
    {
        var nextRevision = Revision(next);
        if (nextRevision < revision)
        {
            return;
        }

        revision = nextRevision;
        pod = PodManifest.From(next);
        wake.Release();
    }

    /// <summary>Syncs again now (a ConfigMap or Secret it may use changed).</summary>
    public void Wake() => wake.Release();

    /// <summary>Stops the loop and leaves the containers as they are (the agent is stopping, or another loop takes over).</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await probes.DisposeAsync();
        stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var current = pod;
            var reference = new PodRef(current.Metadata.Namespace, current.Metadata.Name, current.Uid);
            try
            {
                if (current.IsTerminating)
                {
                    await probes.DisposeAsync(); // no more probing of what is being stopped
                    await worker.TerminateAsync(current.Uid, current.TerminationGrace, ct);
                    if (await confirmTerminated(reference))
                    {
                        LogTerminated(log, current.Key);
                        return; // the server removes the pod; its PodRemoved ends this supervisor
                    }
                }
                else
                {
                    var status = await worker.SyncAsync(current, ct, probes);
                    steady = Steady(status);
                    outbox.Status(reference, status);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogSyncFailed(log, e, current.Key);
            }

            try
            {
                await wake.WaitAsync(steady ? interval : unsteadyInterval, ct);
                while (wake.Wait(0))
                {
                    // several wake-ups while syncing call for one more sync, not one each
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Running (or ended) with nothing waiting: no back-off to act on, no object to wait for.</summary>
    private static bool Steady(JsonObject status) =>
        (string?)status["phase"] is "Running" or "Succeeded" or "Failed"
        && (status["containerStatuses"] as JsonArray ?? []).All(c => c?["state"]?["waiting"] is null);

    private static long Revision(JsonObject pod) =>
        long.TryParse((string?)pod["metadata"]?["resourceVersion"], out var value) ? value : 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod}: containers stopped, server told")]
    private static partial void LogTerminated(ILogger logger, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod}: sync failed; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception e, string pod);
}
