using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Probes;

/// <summary>
/// The probes of one start of one container, kubelet's way: the startup probe first (liveness and
/// readiness wait for it); each probe after its initial delay, every period, judged by its success
/// and failure thresholds. Readiness starts out failed, liveness and startup out undecided. A failed
/// liveness or startup probe stops the container (the pod's restart policy and back-off take it from
/// there) and says so in events. The loops end with this start of the container.
/// </summary>
internal sealed class ContainerProbes : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] loops;
    private bool started;
    private bool ready;

    public ContainerProbes(ProbeAction action, DockerEngine engine, ContainerManifest container, ContainerInspect running, TimeSpan grace,
        TimeProvider time, Action<PodEvent> report, Action restarted)
    {
        Id = running.Id;
        started = container.StartupProbe is null;
        var since = running.State.StartedAt;
        var startup = container.StartupProbe;
        var liveness = container.LivenessProbe;
        var readiness = container.ReadinessProbe;
        loops =
        [
            startup is null ? Task.CompletedTask : Task.Run(() => RunAsync(ProbeKind.Startup, startup, Judge(ProbeKind.Startup, startup)), CancellationToken.None),
            liveness is null ? Task.CompletedTask : Task.Run(() => RunAsync(ProbeKind.Liveness, liveness, Judge(ProbeKind.Liveness, liveness)), CancellationToken.None),
            readiness is null ? Task.CompletedTask : Task.Run(() => RunAsync(ProbeKind.Readiness, readiness, Judge(ProbeKind.Readiness, readiness)), CancellationToken.None),
        ];
        ready = readiness is null;

        Func<ProbeResult, Task> Judge(ProbeKind kind, ProbeManifest probe)
        {
            var successes = 0;
            var failures = 0;
            return async result =>
            {
                successes = result.Passed ? successes + 1 : 0;
                failures = result.Passed ? 0 : failures + 1;
                if (!result.Passed)
                {
                    report(PodEvent.Warning("Unhealthy", $"{kind} probe failed: {result.Failure}"));
                }

                switch (kind)
                {
                    case ProbeKind.Startup when successes >= 1:
                        started = true;
                        break;
                    case ProbeKind.Readiness when successes >= probe.SuccessThreshold:
                        ready = true;
                        break;
                    case ProbeKind.Readiness when failures >= probe.FailureThreshold:
                        ready = false;
                        break;
                    case ProbeKind.Liveness or ProbeKind.Startup when failures >= probe.FailureThreshold:
                        report(PodEvent.Normal("Killing", $"Container {container.Name} failed {kind.ToString().ToLowerInvariant()} probe, will be restarted"));
                        await engine.StopContainerAsync(Id, grace, CancellationToken.None);
                        await stop.CancelAsync();
                        restarted();
                        break;
                }
            };
        }

        async Task RunAsync(ProbeKind kind, ProbeManifest probe, Func<ProbeResult, Task> judge)
        {
            var ct = stop.Token;
            var first = since + TimeSpan.FromSeconds(probe.InitialDelaySeconds) - time.GetUtcNow();
            try
            {
                if (first > TimeSpan.Zero)
                {
                    await Task.Delay(first, time, ct);
                }

                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds)), time);
                do
                {
                    if (kind != ProbeKind.Startup && !started)
                    {
                        continue; // liveness and readiness wait for the startup probe
                    }

                    if (kind == ProbeKind.Startup && started)
                    {
                        return; // a startup probe's work is done once it passed
                    }

                    await judge(await action.RunAsync(probe, container, running, ct));
                }
                while (await timer.WaitForNextTickAsync(ct));
            }
            catch (OperationCanceledException)
            {
                // this start of the container ended
            }
        }
    }

    public string Id { get; }

    /// <summary>Passed its startup probe (or has none): what <c>containerStatuses[].started</c> says.</summary>
    public bool Started => started;

    /// <summary>Passed its readiness probe (or has none) and started.</summary>
    public bool Ready => started && ready;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }
}
