using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Pods;

/// <summary>
/// A pod's <c>status</c> as Kubernetes reports it, from what one sync observed: the phase, the four
/// conditions, and per container its state (waiting with a reason, running since, or terminated
/// with exit code and reason), last state, readiness, restart count, image and container ID; the
/// pod's address is its infra container's.
/// </summary>
public static class PodStatusBuilder
{
    public static JsonObject Build(NodeIdentity node, PodManifest pod, IReadOnlyList<ContainerObservation> containers, DateTimeOffset now,
        IReadOnlyList<ContainerObservation>? inits = null, bool initialized = true, string? podIp = null)
    {
        inits ??= [];
        var phase = Phase(pod, containers, inits, initialized);
        var ready = phase == "Running" && containers.All(IsReady) && inits.Where(i => i.Spec.IsSidecar).All(IsReady); // sidecars' readiness counts
        var statuses = new JsonArray([.. containers.Select(ContainerStatus)]);
        var started = containers.Concat(inits).Select(c => c.Current?.State.StartedAt).Where(IsSet).Min();
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                Condition("PodScheduled", true, null, now),
                Condition("Initialized", initialized, "ContainersNotInitialized", now),
                Condition("ContainersReady", ready, ReadinessReason(phase), now),
                Condition("Ready", ready, ReadinessReason(phase), now)),
            ["hostIP"] = node.Address,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = node.Address }),
            ["containerStatuses"] = statuses,
            ["qosClass"] = "BestEffort",
        };
        if (inits.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray([.. inits.Select(ContainerStatus)]);
        }

        if (!string.IsNullOrEmpty(podIp))
        {
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        if (started is { } startTime)
        {
            status["startTime"] = Time(startTime);
        }

        return status;
    }

    /// <summary>
    /// Pending until every container has started once; Succeeded or Failed once every container has
    /// ended for good (Failed when any ended non-zero); otherwise Running, crash loops included.
    /// </summary>
    public static string Phase(PodManifest pod, IReadOnlyList<ContainerObservation> containers,
        IReadOnlyList<ContainerObservation>? inits = null, bool initialized = true)
    {
        if (!initialized)
        {
            // An init container that failed for good (restartPolicy Never) fails the pod; otherwise it is still starting (a sidecar always restarts).
            var failed = (inits ?? []).Any(c => !c.Spec.IsSidecar && c.Current is { State: { Running: false, Status: not "created" } } ended
                && ended.State.ExitCode != 0 && pod.Spec.RestartPolicy == "Never");
            return failed ? "Failed" : "Pending";
        }

        if (containers.Any(c => c.Current is null))
        {
            return "Pending";
        }

        if (containers.Any(c => c.Current!.State.Running || c.WillRestart || ContainerRestarts.Wanted(pod.Spec.RestartPolicy, c.Current.State.ExitCode)))
        {
            return "Running";
        }

        return containers.All(c => c.Current!.State.ExitCode == 0) ? "Succeeded" : "Failed";
    }

    private static bool IsReady(ContainerObservation container) => container.Current?.State.Running == true && container.Ready;

    private static string ReadinessReason(string phase) => phase is "Succeeded" or "Failed" ? "PodCompleted" : "ContainersNotReady";

    private static JsonObject ContainerStatus(ContainerObservation container)
    {
        var current = container.Current;
        var status = new JsonObject
        {
            ["name"] = container.Spec.Name,
            ["state"] = State(container),
            ["lastState"] = container.Previous is { } previous ? new JsonObject { ["terminated"] = Terminated(previous) } : new JsonObject(),
            ["ready"] = IsReady(container),
            ["restartCount"] = container.RestartCount,
            ["image"] = container.Spec.Image,
            ["imageID"] = current?.Image ?? "",
            ["started"] = current?.State.Running == true && container.Started,
        };
        if (current is not null)
        {
            status["containerID"] = "docker://" + current.Id;
        }

        return status;
    }

    private static JsonObject State(ContainerObservation container)
    {
        if (container.WaitingReason is { } reason)
        {
            var waiting = new JsonObject { ["reason"] = reason };
            if (container.WaitingMessage is { } message)
            {
                waiting["message"] = message;
            }

            return new JsonObject { ["waiting"] = waiting };
        }

        var current = container.Current;
        if (current is null)
        {
            return new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } };
        }

        return current.State.Running
            ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(current.State.StartedAt) } }
            : new JsonObject { ["terminated"] = Terminated(current) };
    }

    private static JsonObject Terminated(ContainerInspect container)
    {
        var state = container.State;
        return new JsonObject
        {
            ["exitCode"] = state.ExitCode,
            ["reason"] = state.OOMKilled ? "OOMKilled" : state.ExitCode == 0 ? "Completed" : "Error",
            ["startedAt"] = Time(state.StartedAt),
            ["finishedAt"] = Time(state.FinishedAt),
            ["containerID"] = "docker://" + container.Id,
        };
    }

    private static JsonObject Condition(string type, bool status, string? reason, DateTimeOffset now)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status ? "True" : "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Time(now),
        };
        if (!status && reason is not null)
        {
            condition["reason"] = reason;
        }

        return condition;
    }

    private static bool IsSet(DateTimeOffset? time) => time is { } t && t > DateTimeOffset.UnixEpoch;

    /// <summary>RFC 3339 in whole seconds, as Kubernetes' metav1.Time serializes.</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
