using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;

namespace Berth.Engine.Controllers.NodeLifecycle;

/// <summary>
/// Kubernetes' node lifecycle controller for Berth: a node whose agent has not beaten for
/// <see cref="ControllerOptions.NodeMonitorGracePeriod"/> (40 s, as Kubernetes') gets
/// <c>Ready=Unknown</c> (reason <c>NodeStatusUnknown</c>) and the <c>node.kubernetes.io/unreachable</c>
/// taints, and the pods bound to it <c>Ready=False</c>; once it beats again it is Ready and the
/// taints go. Heartbeats come from <see cref="NodeHeartbeats"/>, not from the Node object, so a live
/// node writes nothing: each node is looked at again when its last beat would expire, and a
/// silent one every <see cref="SilentRecheck"/> or so, until it is back.
/// </summary>
public sealed class NodeLifecycleController(ControllerContext context, NodeHeartbeats heartbeats) : Controller<ObjectRef>("node-lifecycle", context, workers: 2)
{
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;

    private TimeSpan Grace => Context.Options.NodeMonitorGracePeriod;

    private TimeSpan SilentRecheck => TimeSpan.FromTicks(Math.Min(Grace.Ticks / 4, TimeSpan.FromSeconds(5).Ticks));

    public override async Task AttachAsync(string workspace, CancellationToken ct)
    {
        await Context.Informers.SyncedAsync(workspace, Pods, ct);
        var nodes = await Context.Informers.SyncedAsync(workspace, BuiltInResources.Nodes, ct);
        nodes.AddHandler(ObjectHandler.ForEach(node => Queue.Add(ObjectRef.To(workspace, node))));
    }

    protected override async Task<Reconciled> ReconcileAsync(ObjectRef key, CancellationToken ct)
    {
        var node = Context.Informers.Find(key.Workspace, BuiltInResources.Nodes)?.Get(null, key.Name);
        if (node is null || node.IsDeleting)
        {
            return Reconciled.Done;
        }

        var now = Context.Options.Time.GetUtcNow();
        // A node no agent ever beat for (made with kubectl, say) has the grace from its creation.
        var last = await heartbeats.LastSeenAsync(key.Workspace, key.Name, ct) ?? Created(node.Object) ?? now;
        var silentFor = now - last;
        var ready = NodeReady.Of(node.Object);
        if (silentFor < Grace)
        {
            if ((string?)ready?["status"] == "Unknown")
            {
                await WriteStatusAsync(key, node.Uid, status => NodeReady.Set(status, "True", "KubeletReady", "berth agent is posting ready status", now), ct);
            }

            if (NodeTaints.Has(node.Object, UnreachableTaint))
            {
                await Context.Client.UpdateAsync(key.Workspace, BuiltInResources.Nodes, null, key.Name, node.Uid, next => NodeTaints.Remove(next, UnreachableTaint), ct);
            }

            return Reconciled.After(Grace - silentFor + TimeSpan.FromMilliseconds(100));
        }

        if ((string?)ready?["status"] != "Unknown")
        {
            await WriteStatusAsync(key, node.Uid, status => NodeReady.Set(status, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", now), ct);
        }

        if (!NodeTaints.Has(node.Object, UnreachableTaint))
        {
            await Context.Client.UpdateAsync(key.Workspace, BuiltInResources.Nodes, null, key.Name, node.Uid,
                next => NodeTaints.Add(next, UnreachableTaint, now, "NoSchedule") | NodeTaints.Add(next, UnreachableTaint, now, "NoExecute"), ct);
        }

        await MarkPodsNotReadyAsync(key, now, ct);
        return Reconciled.After(SilentRecheck);
    }

    private Task WriteStatusAsync(ObjectRef key, string uid, Func<JsonObject, bool> change, CancellationToken ct) =>
        Context.Client.UpdateStatusAsync(key.Workspace, BuiltInResources.Nodes, null, key.Name, uid, next =>
        {
            next["status"] ??= new JsonObject();
            return change(next["status"]!.AsObject());
        }, ct);

    /// <summary>Pods on an unreachable node cannot be known to serve: Ready=False, as Kubernetes' MarkPodsNotReady does.</summary>
    private async Task MarkPodsNotReadyAsync(ObjectRef key, DateTimeOffset now, CancellationToken ct)
    {
        var pods = Context.Informers.Find(key.Workspace, Pods)?.List() ?? [];
        foreach (var pod in pods.Where(p => (string?)p.Object["spec"]?["nodeName"] == key.Name && PodReady(p.Object) == "True"))
        {
            await Context.Client.UpdateStatusAsync(key.Workspace, Pods, pod.Namespace, pod.Name, pod.Uid, next =>
            {
                if (next["status"]?["conditions"] is not JsonArray conditions
                    || conditions.FirstOrDefault(c => (string?)c?["type"] == "Ready") is not JsonObject ready || (string?)ready["status"] != "True")
                {
                    return false;
                }

                ready["status"] = "False";
                ready["reason"] = "NodeNotReady";
                ready["message"] = $"node {key.Name} is not ready";
                ready["lastTransitionTime"] = NodeReady.Time(now);
                return true;
            }, ct);
        }
    }

    private static string? PodReady(JsonObject pod) =>
        (string?)pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == "Ready")?["status"];

    private static DateTimeOffset? Created(JsonObject node) =>
        DateTimeOffset.TryParse((string?)node["metadata"]?["creationTimestamp"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var created) ? created : null;
}
