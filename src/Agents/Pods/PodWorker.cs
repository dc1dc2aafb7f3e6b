using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Agents.Config;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Nodes;

namespace Berth.Agents.Pods;

/// <summary>
/// kubelet's syncPod for the Docker engine: brings one pod's containers toward its spec and says
/// what it found. Each call is level-triggered and reads everything it needs from the engine
/// (containers are labelled with pod, container and attempt), so an agent that restarts adopts the
/// containers it left running instead of starting them twice, and crash-loop back-off survives it:
/// the wait before a restart is computed from the exited container's own start and finish times.
/// Only image-pull failures are remembered in memory, to back off between pulls.
/// </summary>
public sealed class PodWorker(
    DockerEngine engine,
    NodeIdentity node,
    RestartBackoff backoff,
    TimeProvider time,
    Action<PodManifest, PodEvent>? events = null,
    PodVolumes? volumes = null,
    ConfigStore? configs = null)
{
    private readonly ConfigStore configs = configs ?? new ConfigStore();

    private readonly PauseImage pause = new(engine);

    private readonly ConcurrentDictionary<(string Uid, string Container), PullFailure> pullFailures = new();

    /// <summary>Each pod's last address, which it keeps once its infra container has stopped (pod uid to IP).</summary>
    private readonly ConcurrentDictionary<string, string> podIps = new();

    /// <summary>Starts what should run, restarts what should come back (after its back-off), and returns the pod's status.</summary>
    /// <param name="health">What probes say of running containers (ready, started); null when nothing probes them.</param>
    public async Task<JsonObject> SyncAsync(PodManifest pod, CancellationToken ct = default, IContainerHealth? health = null)
    {
        var existing = await ContainersOfAsync(pod.Uid, ct);
        // The infra container first: it holds the network namespace every other container joins.
        var (infra, existingNow) = await SandboxAsync(pod, existing, ct);
        existing = existingNow;
        if (infra is null)
        {
            // Not made yet (a failure was reported, or another sync made it a moment ago): every container waits.
            ContainerObservation Creating(ContainerManifest c) => new(c, null, null, 0, "ContainerCreating");
            var creating = (pod.Spec.InitContainers ?? []).Select(Creating).ToList();
            return PodStatusBuilder.Build(node, pod, [.. pod.Spec.Containers.Select(Creating)], time.GetUtcNow(), creating, creating.Count == 0, podIp: null);
        }

        var podIp = PodIp(pod, infra);
        // Volumes first: configMap and secret files are refreshed at every sync, so a change reaches running containers.
        var prepared = volumes?.Prepare(pod, configs, node, podIp) ?? new PreparedVolumes(new Dictionary<string, string>(), null);
        // Once an app container has been made the pod is initialized for good: init containers do not run
        // again (sidecars are still kept running). App containers are then synced first, so that once they
        // have all ended for good the sidecars are stopped instead of restarted, as kubelet does.
        var apps = pod.Spec.Containers.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var appsMade = existing.Any(c => ContainerLabels.NameOf(c.Labels) is { } name && apps.Contains(name));
        var observations = appsMade ? await SyncAppsAsync(pod, existing, prepared, infra, ct) : null;
        var ended = observations is not null && PodStatusBuilder.Phase(pod, observations) is "Succeeded" or "Failed";

        // Init containers one at a time, in order: each to a clean exit, a sidecar (restartPolicy Always)
        // until it has started (running, its startup probe passed), before the next one and the app containers.
        var inits = new List<ContainerObservation>();
        var initialized = true;
        var initPolicy = pod.Spec.RestartPolicy == "Never" ? "Never" : "OnFailure";
        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            if (!initialized)
            {
                inits.Add(new ContainerObservation(init, null, null, 0, "PodInitializing"));
                continue;
            }

            var policy = !init.IsSidecar ? initPolicy : ended ? "Never" : "Always";
            var observed = await SyncContainerAsync(pod, init, policy, existing.Where(c => Named(c, init.Name)).ToList(), prepared, infra, ct);
            inits.Add(observed);
            initialized = appsMade || (init.IsSidecar
                ? observed.Current is { State.Running: true } running
                    && (init.StartupProbe is null || health is null || (health.Tracks(running) && health.IsStarted(running)))
                : observed.Current is { State: { Running: false, Status: not "created", ExitCode: 0 } });
        }

        if (ended)
        {
            // The app containers have ended for good: the sidecars stop too, the last started first (KEP-753).
            inits = await StopSidecarsAsync(inits, pod.TerminationGrace, ct);
        }

        observations ??= initialized
            ? await SyncAppsAsync(pod, existing, prepared, infra, ct)
            : [.. pod.Spec.Containers.Select(c => new ContainerObservation(c, null, null, 0, "PodInitializing"))];

        // A joined container has no network of its own to show: its address and published ports are the infra container's.
        observations = WithPodNetwork(observations, infra);
        inits = WithPodNetwork(inits, infra);
        if (health is not null)
        {
            // Probes run in app containers and sidecars; what they decide goes into the statuses.
            health.Observe(pod, [.. observations.Concat(inits.Where(i => i.Spec.IsSidecar)).Where(o => o.Current?.State.Running == true).Select(o => (o.Spec, o.Current!))]);
            observations = Judged(observations, health);
            inits = Judged(inits, health);
        }

        var status = PodStatusBuilder.Build(node, pod, observations, time.GetUtcNow(), inits, initialized, podIp);
        if (ended && infra.State.Running)
        {
            // As kubelet stops a finished pod's sandbox: its ports (hostPorts too) are free again.
            await engine.StopContainerAsync(infra.Id, TimeSpan.FromSeconds(1), ct);
        }

        return status;
    }

    /// <summary>
    /// The pod's address: its infra container's while that runs, remembered. Once the pod has ended the
    /// infra container is stopped and has none, and the pod keeps the last one it had, as on
    /// Kubernetes (from this worker's memory, else from the status the server holds, after an agent restart).
    /// </summary>
    private string PodIp(PodManifest pod, ContainerInspect infra)
    {
        if (infra.NetworkSettings.IPAddress is { Length: > 0 } current)
        {
            podIps[pod.Uid] = current;
            return current;
        }

        return podIps.TryGetValue(pod.Uid, out var last) ? last : pod.Status?.PodIP ?? "";
    }

    private async Task<List<ContainerObservation>> SyncAppsAsync(PodManifest pod, IReadOnlyList<ContainerSummary> existing, PreparedVolumes prepared,
        ContainerInspect infra, CancellationToken ct)
    {
        var observations = new List<ContainerObservation>();
        foreach (var container in pod.Spec.Containers)
        {
            observations.Add(await SyncContainerAsync(pod, container, pod.Spec.RestartPolicy, existing.Where(c => Named(c, container.Name)).ToList(), prepared, infra, ct));
        }

        return observations;
    }

    /// <summary>Stops the running sidecars among <paramref name="inits"/> one at a time, in the reverse of their start order, and returns the observations as they now are.</summary>
    private async Task<List<ContainerObservation>> StopSidecarsAsync(List<ContainerObservation> inits, TimeSpan grace, CancellationToken ct)
    {
        var running = inits.Where(i => i.Spec.IsSidecar && i.Current is { State.Running: true }).Select(i => i.Current!.Id).Reverse().ToList();
        if (running.Count == 0)
        {
            return inits;
        }

        await StopInStagesAsync(engine, running.Select(id => new[] { id }), grace, ct);
        var stopped = new List<ContainerObservation>(inits.Count);
        foreach (var init in inits)
        {
            stopped.Add(init.Spec.IsSidecar && init.Current is { State.Running: true } current
                ? init with { Current = await engine.InspectContainerAsync(current.Id, ct) }
                : init);
        }

        return stopped;
    }

    private static List<ContainerObservation> WithPodNetwork(List<ContainerObservation> observations, ContainerInspect infra) =>
        [.. observations.Select(o => o.Current is { } current ? o with { Current = current with { NetworkSettings = infra.NetworkSettings } } : o)];

    private static List<ContainerObservation> Judged(List<ContainerObservation> observations, IContainerHealth health) =>
        [.. observations.Select(o => o.Current is { State.Running: true } running
            ? o with { Ready = health.IsReady(running), Started = health.IsStarted(running) }
            : o)];

    /// <summary>
    /// Stops every container of the pod (SIGTERM, then SIGKILL once <paramref name="grace"/> is spent:
    /// the app containers together, then the sidecars one at a time, the last started first) and
    /// removes them, the infra container last. Returns when none is left.
    /// </summary>
    public async Task TerminateAsync(string podUid, TimeSpan grace, CancellationToken ct = default)
    {
        await RemoveAsync(engine, await ContainersOfAsync(podUid, ct), grace, ct);
        volumes?.Remove(podUid);
        podIps.TryRemove(podUid, out _);
        foreach (var key in pullFailures.Keys.Where(k => k.Uid == podUid))
        {
            pullFailures.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Stops <paramref name="containers"/> in kubelet's order (KEP-753): the app containers (and an init
    /// container still running) together, then the sidecars one at a time in the reverse of their start
    /// order (their <see cref="ContainerLabels.Sidecar"/> label), then the infra containers, once nothing
    /// is left in their namespace; and removes them. Each gets SIGTERM, then SIGKILL once
    /// <paramref name="grace"/> is spent: the grace is shared, what one stage leaves of it goes to the next.
    /// </summary>
    public static async Task RemoveAsync(DockerEngine engine, IEnumerable<ContainerSummary> containers, TimeSpan grace, CancellationToken ct)
    {
        var all = containers.ToList();
        static bool IsInfra(ContainerSummary c) => ContainerLabels.NameOf(c.Labels) == ContainerLabels.Infra;
        var sidecars = all.Where(c => !IsInfra(c) && ContainerLabels.SidecarOf(c.Labels) is not null)
            .GroupBy(c => ContainerLabels.SidecarOf(c.Labels)).OrderByDescending(g => g.Key);
        IEnumerable<IEnumerable<ContainerSummary>> stages =
            [all.Where(c => !IsInfra(c) && ContainerLabels.SidecarOf(c.Labels) is null), .. sidecars, all.Where(IsInfra)];
        await StopInStagesAsync(engine, stages.Select(stage => stage.Where(c => c.State == "running").Select(c => c.Id)), grace, ct);
        await Task.WhenAll(all.Where(c => !IsInfra(c)).Select(c => engine.RemoveContainerAsync(c.Id, force: true, ct)));
        await Task.WhenAll(all.Where(IsInfra).Select(c => engine.RemoveContainerAsync(c.Id, force: true, ct)));
    }

    /// <summary>
    /// Stops each stage's containers together, a stage once the one before has stopped, within one
    /// <paramref name="grace"/> for all: a stage gets what the ones before left of it, and never less
    /// than kubelet's minimal window of 2 s (or the whole grace, when that is shorter), so a late
    /// sidecar still gets its SIGTERM before a SIGKILL.
    /// </summary>
    private static async Task StopInStagesAsync(DockerEngine engine, IEnumerable<IEnumerable<string>> stages, TimeSpan grace, CancellationToken ct)
    {
        var floor = grace < MinimalGrace ? grace : MinimalGrace;
        var started = Stopwatch.GetTimestamp();
        foreach (var stage in stages)
        {
            var left = grace - Stopwatch.GetElapsedTime(started);
            await Task.WhenAll(stage.Select(id => engine.StopContainerAsync(id, left > floor ? left : floor, ct)));
        }
    }

    /// <summary>kubelet's minimumGracePeriodInSeconds: the least a container is given between SIGTERM and SIGKILL.</summary>
    private static readonly TimeSpan MinimalGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The pod's running infra container, made (or started) when missing, and the pod's containers as
    /// they now are. When the infra container has ended (someone stopped it), its namespace is gone
    /// and nothing can join it: as kubelet does when a sandbox changes, every container of the pod
    /// is removed and the pod starts over in a new one. Null when it cannot be made now.
    /// </summary>
    private async Task<(ContainerInspect? Infra, IReadOnlyList<ContainerSummary> Containers)> SandboxAsync(
        PodManifest pod, IReadOnlyList<ContainerSummary> existing, CancellationToken ct)
    {
        var infras = existing.Where(c => Named(c, ContainerLabels.Infra)).OrderByDescending(c => ContainerLabels.AttemptOf(c.Labels)).ToList();
        var latest = infras.Count > 0 ? await engine.InspectContainerAsync(infras[0].Id, ct) : null;
        if (latest is { State.Running: true })
        {
            return (latest, existing);
        }

        if (latest is { State.Status: "created" })
        {
            await engine.StartContainerAsync(latest.Id, ct); // an agent stopped between its create and start
            return (await engine.InspectContainerAsync(latest.Id, ct), existing);
        }

        if (latest is not null && await EndedAsync(pod, existing, ct))
        {
            return (latest, existing); // stopped because the pod has ended: it stays so, and nothing starts again
        }

        var attempt = infras.Count > 0 ? ContainerLabels.AttemptOf(infras[0].Labels) + 1 : 0;
        if (infras.Count > 0)
        {
            Report(pod, PodEvent.Normal("SandboxChanged", "Pod sandbox changed, it will be killed and re-created."));
            await RemoveAsync(engine, existing, TimeSpan.Zero, ct);
            existing = [];
        }

        try
        {
            await pause.EnsureAsync(ct);
            var id = await engine.CreateContainerAsync(ContainerLabels.ContainerNameFor(node.Name, pod, ContainerLabels.Infra, attempt),
                ContainerSpecBuilder.Infra(node, pod, attempt), ct);
            await engine.StartContainerAsync(id, ct);
            return (await engine.InspectContainerAsync(id, ct), existing);
        }
        catch (DockerException e) when (e.IsConflict)
        {
            return (null, existing); // another sync of this pod made it a moment ago: the next sync adopts it
        }
        catch (DockerException e)
        {
            if (e.IsNotFound)
            {
                pause.Forget(); // the image was removed behind the agent's back: the next sync makes it again
            }

            Report(pod, PodEvent.Warning("FailedCreatePodSandBox", $"Failed to create pod sandbox: {e.Message}"));
            return (null, existing);
        }
    }

    /// <summary>Whether every app container of the pod has ended for good (never with restartPolicy Always).</summary>
    private async Task<bool> EndedAsync(PodManifest pod, IReadOnlyList<ContainerSummary> existing, CancellationToken ct)
    {
        if (pod.Spec.RestartPolicy == "Always")
        {
            return false;
        }

        foreach (var container in pod.Spec.Containers)
        {
            var latest = existing.Where(c => Named(c, container.Name)).MaxBy(c => ContainerLabels.AttemptOf(c.Labels));
            if (latest is null || latest.State is "running" or "created"
                || await engine.InspectContainerAsync(latest.Id, ct) is not { } inspected
                || ContainerRestarts.Wanted(pod.Spec.RestartPolicy, inspected.State.ExitCode))
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="restartPolicy">The pod's, or for an init container OnFailure (Never stays Never): an init container is done once it exits 0.</param>
    private async Task<ContainerObservation> SyncContainerAsync(PodManifest pod, ContainerManifest container, string restartPolicy,
        List<ContainerSummary> attempts, PreparedVolumes prepared, ContainerInspect infra, CancellationToken ct)
    {
        attempts.Sort((a, b) => ContainerLabels.AttemptOf(b.Labels).CompareTo(ContainerLabels.AttemptOf(a.Labels)));
        var latest = attempts.Count > 0 ? await engine.InspectContainerAsync(attempts[0].Id, ct) : null;
        var previous = attempts.Count > 1 ? await engine.InspectContainerAsync(attempts[1].Id, ct) : null;
        foreach (var stale in attempts.Skip(2))
        {
            await engine.RemoveContainerAsync(stale.Id, force: true, ct); // kubelet too keeps only the last dead one, for logs --previous
        }

        if (latest is null)
        {
            return await StartAsync(pod, container, attempt: 0, previous: null, prepared, infra, ct);
        }

        var restarts = ContainerLabels.AttemptOf(latest.Config.Labels);
        var state = latest.State;
        if (state.Running)
        {
            return new ContainerObservation(container, latest, previous, restarts);
        }

        if (state.Status == "created")
        {
            // Made but never started: an agent stopped between create and start. Start it now.
            await engine.StartContainerAsync(latest.Id, ct);
            return new ContainerObservation(container, await engine.InspectContainerAsync(latest.Id, ct), previous, restarts);
        }

        if (!ContainerRestarts.Wanted(restartPolicy, state.ExitCode))
        {
            return new ContainerObservation(container, latest, previous, restarts);
        }

        var delay = backoff.Delay(restarts, state.FinishedAt - state.StartedAt);
        var due = state.FinishedAt + delay;
        if (time.GetUtcNow() < due)
        {
            return new ContainerObservation(container, latest, latest, restarts, "CrashLoopBackOff",
                $"back-off {GoDuration.Format(delay)} restarting failed container={container.Name} pod={pod.Metadata.Name}_{pod.Metadata.Namespace}({pod.Uid})",
                WillRestart: true);
        }

        if (previous is not null)
        {
            await engine.RemoveContainerAsync(previous.Id, force: true, ct); // the exited one now becomes the previous start
        }

        var restarted = await StartAsync(pod, container, restarts + 1, latest, prepared, infra, ct);
        return restarted with { RestartCount = restarts + 1 };
    }

    /// <summary>Pulls when the policy says so, then creates and starts attempt <paramref name="attempt"/> of the container.</summary>
    private async Task<ContainerObservation> StartAsync(PodManifest pod, ContainerManifest container, int attempt, ContainerInspect? previous,
        PreparedVolumes prepared, ContainerInspect infra, CancellationToken ct)
    {
        var environment = ContainerEnvironment.Resolve(pod, container, configs, node, infra.NetworkSettings.IPAddress);
        if ((prepared.Error ?? environment.Error) is { } configError)
        {
            Report(pod, PodEvent.Warning("Failed", $"Error: {configError}"));
            return new ContainerObservation(container, null, previous, attempt, "CreateContainerConfigError", configError, WillRestart: previous is not null);
        }

        foreach (var skipped in prepared.Skipped ?? [])
        {
            Report(pod, PodEvent.Warning("FailedMount", skipped));
        }

        if (await EnsureImageAsync(pod, container, ct) is { } notPulled)
        {
            return notPulled with { Previous = previous, RestartCount = attempt, WillRestart = previous is not null };
        }

        string id;
        try
        {
            var spec = ContainerSpecBuilder.Build(node, pod, container, attempt, environment, PodVolumes.Binds(pod, container, prepared), infra.Id);
            id = await engine.CreateContainerAsync(ContainerLabels.ContainerNameFor(node.Name, pod, container.Name, attempt), spec, ct);
        }
        catch (DockerException e) when (e.IsConflict)
        {
            // Another sync of this pod made this attempt a moment ago: the next sync adopts it.
            return new ContainerObservation(container, null, previous, attempt, "ContainerCreating");
        }
        catch (DockerException e)
        {
            Report(pod, PodEvent.Warning("Failed", $"Error: {e.Message}"));
            return new ContainerObservation(container, null, previous, attempt, "CreateContainerError", e.Message);
        }

        Report(pod, PodEvent.Normal("Created", $"Created container {container.Name}"));
        try
        {
            await engine.StartContainerAsync(id, ct);
            Report(pod, PodEvent.Normal("Started", $"Started container {container.Name}"));
        }
        catch (DockerException e)
        {
            // It stays as an exited attempt; restart policy and back-off take it from here.
            Report(pod, PodEvent.Warning("Failed", $"Error: {e.Message}"));
        }

        return new ContainerObservation(container, await engine.InspectContainerAsync(id, ct), previous, attempt);
    }

    /// <summary>Null when the image is there (pulled now if the policy asks); otherwise why the container waits.</summary>
    private async Task<ContainerObservation?> EnsureImageAsync(PodManifest pod, ContainerManifest container, CancellationToken ct)
    {
        var policy = container.ImagePullPolicy ?? (ImageReference.IsLatest(container.Image) ? "Always" : "IfNotPresent");
        var key = (pod.Uid, container.Name);
        if (policy != "Always" && await engine.InspectImageAsync(container.Image, ct) is not null)
        {
            return null;
        }

        if (policy == "Never")
        {
            var message = $"Container image \"{container.Image}\" is not present with pull policy of Never";
            Report(pod, PodEvent.Warning("ErrImageNeverPull", message));
            return new ContainerObservation(container, null, null, 0, "ErrImageNeverPull", message);
        }

        if (pullFailures.TryGetValue(key, out var failed) && time.GetUtcNow() < failed.RetryAt)
        {
            return new ContainerObservation(container, null, null, 0, "ImagePullBackOff", $"Back-off pulling image \"{container.Image}\"");
        }

        try
        {
            Report(pod, PodEvent.Normal("Pulling", $"Pulling image \"{container.Image}\""));
            await engine.PullImageAsync(container.Image, ct);
            pullFailures.TryRemove(key, out _);
            Report(pod, PodEvent.Normal("Pulled", $"Successfully pulled image \"{container.Image}\""));
            return null;
        }
        catch (DockerException e)
        {
            var count = (failed?.Count ?? 0) + 1;
            pullFailures[key] = new PullFailure(count, time.GetUtcNow() + backoff.Delay(count - 1, TimeSpan.Zero));
            var message = $"Failed to pull image \"{container.Image}\": {e.Message}";
            Report(pod, PodEvent.Warning("Failed", message));
            return new ContainerObservation(container, null, null, 0, "ErrImagePull", message);
        }
    }

    private async Task<IReadOnlyList<ContainerSummary>> ContainersOfAsync(string podUid, CancellationToken ct) =>
        await engine.ListContainersAsync([$"{ContainerLabels.Node}={node.Name}", $"{ContainerLabels.PodUid}={podUid}"], ct);

    private static bool Named(ContainerSummary container, string name) => ContainerLabels.NameOf(container.Labels) == name;

    /// <summary>Passes an event about <paramref name="pod"/> on (probes report theirs through here too).</summary>
    public void Report(PodManifest pod, PodEvent e) => events?.Invoke(pod, e);

    private sealed record PullFailure(int Count, DateTimeOffset RetryAt);
}
