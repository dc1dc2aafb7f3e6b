using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>
/// Pods: NAME READY STATUS RESTARTS AGE, and IP NODE NOMINATED-NODE READINESS-GATES with <c>-o wide</c>.
/// STATUS is derived as kubectl's pod printer derives it: the phase (or status.reason), then the first
/// init container still in the way (Init:1/2, Init:CrashLoopBackOff, Init:ExitCode:1), then the
/// containers' waiting or terminated reasons, and Terminating once the pod is being deleted.
/// </summary>
internal sealed class PodPrinter : ObjectPrinter
{
    // The reason the node lifecycle controller gives a pod on a node that stopped answering.
    private const string NodeLost = "NodeLost";

    private static readonly RowCompletion Succeeded = new("Succeeded", "The pod has completed successfully.");
    private static readonly RowCompletion Failed = new("Failed", "The pod failed.");

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        TableColumn.Text("Status", "The aggregate status of the containers in this pod."),
        TableColumn.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        StandardColumns.Age,
        TableColumn.Wide("IP", "The IP address allocated to the pod."),
        TableColumn.Wide("Node", "The node the pod is bound to."),
        TableColumn.Wide("Nominated Node", "The node the scheduler expects to bind the pod to once preemption completes."),
        TableColumn.Wide("Readiness Gates", "How many of the pod's readiness gates are true."),
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var spec = obj["spec"];
        var status = obj["status"];
        // Kubernetes gives every new pod the phase Pending; a pod stored without one has not started either.
        var phase = Fields.Text(status, "phase") is { Length: > 0 } given ? given : "Pending";
        var sidecars = Fields.Objects(spec, "initContainers")
            .Where(c => Fields.Text(c, "restartPolicy") == "Always")
            .Select(c => Fields.Text(c, "name"))
            .ToHashSet(StringComparer.Ordinal);
        var state = new PodState
        {
            Reason = Fields.Text(status, "reason") is { Length: > 0 } reason ? reason : phase,
            Total = Fields.Count(spec, "containers") + sidecars.Count,
        };
        if (Fields.Objects(status, "conditions").Any(c => Fields.Text(c, "type") == "PodScheduled" && Fields.Text(c, "reason") == "SchedulingGated"))
        {
            state.Reason = "SchedulingGated";
        }

        var initializing = ReadInitContainers(status, sidecars, Fields.Count(spec, "initContainers"), state);
        if (!initializing || HasTrueCondition(status, "Initialized"))
        {
            ReadContainers(status, state);
        }

        var deleting = Fields.Has(obj, "metadata", "deletionTimestamp");
        if (deleting && Fields.Text(status, "reason") == NodeLost)
        {
            state.Reason = "Unknown";
        }
        else if (deleting && phase is not ("Succeeded" or "Failed"))
        {
            state.Reason = "Terminating";
        }

        var count = state.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        TableCell restarts = state.Restarts != 0 && state.LastRestart is { } last ? TableCell.Since(last, before: $"{count} (", after: " ago)") : count;

        var completed = phase switch
        {
            "Succeeded" => Succeeded,
            "Failed" => Failed,
            _ => null,
        };
        return new RowTemplate(
        [
            Name(obj), $"{state.Ready}/{state.Total}", state.Reason, restarts, Age(obj),
            PodIp(status), OrNone(Fields.Text(spec, "nodeName")), OrNone(Fields.Text(status, "nominatedNodeName")), ReadinessGates(spec, status),
        ], completed);
    }

    /// <summary>
    /// Walks the init containers in order until one is still in the way, which then names the status.
    /// Restartable ("sidecar") init containers that have started count as containers. True while initializing.
    /// </summary>
    private static bool ReadInitContainers(JsonNode? status, HashSet<string> sidecars, int initContainerCount, PodState state)
    {
        var statuses = Fields.Objects(status, "initContainerStatuses");
        for (var i = 0; i < statuses.Count; i++)
        {
            var container = statuses[i];
            var sidecar = sidecars.Contains(Fields.Text(container, "name"));
            state.CountRestarts(container, sidecar);
            var terminated = Fields.At(container, "state", "terminated") as JsonObject;
            if (terminated is not null && Fields.Number(terminated, "exitCode") == 0)
            {
                continue;
            }

            if (sidecar && Fields.Flag(container, "started") == true)
            {
                if (Fields.Flag(container, "ready") == true)
                {
                    state.Ready++;
                }

                continue;
            }

            var waitingReason = Fields.Text(container, "state", "waiting", "reason");
            state.Reason = terminated is not null ? "Init:" + TerminatedReason(terminated)
                : waitingReason.Length > 0 && waitingReason != "PodInitializing" ? "Init:" + waitingReason
                : $"Init:{i}/{initContainerCount}";
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads the containers from last to first, so the first container with something to say names the
    /// status. Restarts of init containers no longer count, except the sidecars'.
    /// </summary>
    private static void ReadContainers(JsonNode? status, PodState state)
    {
        state.Restarts = state.SidecarRestarts;
        state.LastRestart = state.LastSidecarRestart;
        var hasRunning = false;
        var statuses = Fields.Objects(status, "containerStatuses");
        for (var i = statuses.Count - 1; i >= 0; i--)
        {
            var container = statuses[i];
            state.CountRestarts(container, sidecar: false);
            var waitingReason = Fields.Text(container, "state", "waiting", "reason");
            if (waitingReason.Length > 0)
            {
                state.Reason = waitingReason;
            }
            else if (Fields.At(container, "state", "terminated") is JsonObject terminated)
            {
                state.Reason = TerminatedReason(terminated);
            }
            else if (Fields.Flag(container, "ready") == true && Fields.Has(container, "state", "running"))
            {
                hasRunning = true;
                state.Ready++;
            }
        }

        // A container that completed while another still runs does not make the pod Completed.
        if (state.Reason == "Completed" && hasRunning)
        {
            state.Reason = HasTrueCondition(status, "Ready") ? "Running" : "NotReady";
        }
    }

    private static string TerminatedReason(JsonObject terminated)
    {
        if (Fields.Text(terminated, "reason") is { Length: > 0 } reason)
        {
            return reason;
        }

        var signal = Fields.Number(terminated, "signal");
        return signal != 0 ? $"Signal:{signal}" : $"ExitCode:{Fields.Number(terminated, "exitCode")}";
    }

    private static bool HasTrueCondition(JsonNode? status, string type) =>
        Fields.Objects(status, "conditions").Any(c => Fields.Text(c, "type") == type && Fields.Text(c, "status") == "True");

    // Kubernetes keeps podIP and podIPs in step and prints podIPs[0]; podIP alone is read too.
    private static string PodIp(JsonNode? status) =>
        Fields.Objects(status, "podIPs").Select(ip => Fields.Text(ip, "ip")).FirstOrDefault() is { Length: > 0 } ip ? ip
            : OrNone(Fields.Text(status, "podIP"));

    private static string ReadinessGates(JsonNode? spec, JsonNode? status)
    {
        var gates = Fields.Objects(spec, "readinessGates");
        if (gates.Count == 0)
        {
            return "<none>";
        }

        var conditions = Fields.Objects(status, "conditions");
        var passed = gates.Count(gate => conditions.FirstOrDefault(c => Fields.Text(c, "type") == Fields.Text(gate, "conditionType")) is { } condition
            && Fields.Text(condition, "status") == "True");
        return $"{passed}/{gates.Count}";
    }

    private static string OrNone(string text) => text.Length > 0 ? text : "<none>";

    /// <summary>What the walk over the containers has found so far.</summary>
    private sealed class PodState
    {
        public required string Reason { get; set; }

        public required int Total { get; init; }

        public int Ready { get; set; }

        public long Restarts { get; set; }

        public DateTimeOffset? LastRestart { get; set; }

        public long SidecarRestarts { get; private set; }

        public DateTimeOffset? LastSidecarRestart { get; private set; }

        public void CountRestarts(JsonObject container, bool sidecar)
        {
            var count = Fields.Number(container, "restartCount");
            var finished = Fields.Time(container, "lastState", "terminated", "finishedAt");
            Restarts += count;
            LastRestart = Latest(LastRestart, finished);
            if (sidecar)
            {
                SidecarRestarts += count;
                LastSidecarRestart = Latest(LastSidecarRestart, finished);
            }
        }

        private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null || b > a ? b ?? a : a;
    }
}
