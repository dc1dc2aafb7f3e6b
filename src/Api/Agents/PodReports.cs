using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.SignalR;

namespace Berth.Api.Agents;

/// <summary>
/// What an agent writes back: pod statuses, pod events, and "its containers are gone" for a pod
/// being deleted. Each is accepted only for a pod bound to the caller's own node (and with the uid
/// the agent saw), so a node can never touch another node's pods, let alone another workspace's.
/// </summary>
internal sealed class PodReports(ResourceObjects objects)
{
    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;
    private static readonly ResourceType Events = ResourceRegistry.BuiltIn.FindKind("", "Event")!;

    public async Task WriteStatusesAsync(NodeCaller node, IReadOnlyList<PodStatusReport> reports, CancellationToken ct)
    {
        var client = new ObjectClient(objects.As("berth-agent"));
        foreach (var report in reports)
        {
            var pod = report.Pod;
            await EnsureBoundAsync(client, node, pod, ct);
            await client.UpdateStatusAsync(node.Workspace, Pods, pod.Namespace, pod.Name, pod.Uid, next =>
            {
                var current = next["status"] as JsonObject;
                var wanted = PodConditionTimes.Carry(current, (JsonObject)report.Status.DeepClone());
                if (JsonNode.DeepEquals(current, wanted))
                {
                    return false;
                }

                next["status"] = wanted;
                return true;
            }, ct);
        }
    }

    public async Task WriteEventsAsync(NodeCaller node, IReadOnlyList<PodEventReport> reports, CancellationToken ct)
    {
        var client = new ObjectClient(objects);
        foreach (var report in reports)
        {
            var pod = report.Pod;
            await EnsureBoundAsync(client, node, pod, ct);
            var at = report.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            // The stored row, not the object parsed back from it: nothing reads the answer.
            await objects.CreateStoredAsync(node.Workspace, Events, pod.Namespace, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject
                {
                    // kubelet's naming: the object, a dot, and a unique suffix.
                    ["name"] = $"{pod.Name}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}",
                    ["namespace"] = pod.Namespace,
                },
                ["involvedObject"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["name"] = pod.Name,
                    ["namespace"] = pod.Namespace,
                    ["uid"] = pod.Uid,
                },
                ["reason"] = report.Reason,
                ["message"] = report.Message,
                ["type"] = report.Type,
                ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = node.NodeName },
                ["reportingComponent"] = "kubelet",
                ["reportingInstance"] = node.NodeName,
                ["firstTimestamp"] = at,
                ["lastTimestamp"] = at,
                ["count"] = 1,
            }, ct);
        }
    }

    /// <summary>Removes a pod whose deletion was under way once its node has stopped its containers (kubelet's final delete with grace 0).</summary>
    public async Task RemoveTerminatedAsync(NodeCaller node, PodRef pod, CancellationToken ct)
    {
        var current = await EnsureBoundAsync(new ObjectClient(objects), node, pod, ct);
        if (current?["metadata"]?["deletionTimestamp"] is null)
        {
            return; // not being deleted: the agent stopped it for another reason, and the pod stays
        }

        try
        {
            await objects.DeleteAsync(node.Workspace, Pods, pod.Namespace, pod.Name,
                new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Uid }, ct);
        }
        catch (ResourceException e) when (e.Code is 404 or 409)
        {
            // gone already, or a new pod took the name: nothing of this one is left to remove
        }
    }

    /// <summary>The pod, when it exists, has the uid the agent names and is bound to the caller's node; a HubException otherwise.</summary>
    private static async Task<JsonObject?> EnsureBoundAsync(ObjectClient client, NodeCaller node, PodRef pod, CancellationToken ct)
    {
        var current = await client.GetAsync(node.Workspace, Pods, pod.Namespace, pod.Name, ct);
        if (current is null || (string?)current["metadata"]?["uid"] != pod.Uid)
        {
            return null; // deleted meanwhile: the status or event has nowhere to go
        }

        if ((string?)current["spec"]?["nodeName"] != node.NodeName)
        {
            throw new HubException($"pod {pod.Namespace}/{pod.Name} is not bound to node {node.NodeName}");
        }

        return current;
    }
}
