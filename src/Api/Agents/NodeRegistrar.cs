using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;

namespace Berth.Api.Agents;

/// <summary>
/// Makes the Node object of a connecting agent, or brings an existing one up to date, as kubelet's
/// node registration does: labels (hostname, os, arch, and the agent's own), capacity and
/// allocatable, addresses, nodeInfo and a Ready condition. A reconnect that changes nothing writes
/// nothing: the revision log only grows when the node really changed (heartbeats never touch it).
/// </summary>
internal sealed class NodeRegistrar(ResourceObjects objects, TimeProvider time)
{
    private static readonly ResourceType Nodes = BuiltInResources.Nodes;

    public async Task RegisterAsync(NodeCaller node, NodeRegistration registration, CancellationToken ct)
    {
        var client = new ObjectClient(objects);
        var now = PodTime(time.GetUtcNow());
        var existing = await client.GetAsync(node.Workspace, Nodes, null, node.NodeName, ct);
        if (existing is null)
        {
            var created = await objects.CreateAsync(node.Workspace, Nodes, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject { ["name"] = node.NodeName, ["labels"] = Labels(node, registration) },
                ["spec"] = new JsonObject(),
            }, ct);
            existing = created;
        }
        else if (!JsonNode.DeepEquals(existing["metadata"]?["labels"], Labels(node, registration)))
        {
            existing = await client.UpdateAsync(node.Workspace, Nodes, null, node.NodeName, Uid(existing), next =>
            {
                next["metadata"]!["labels"] = Labels(node, registration);
                return true;
            }, ct) ?? existing;
        }

        await client.UpdateStatusAsync(node.Workspace, Nodes, null, node.NodeName, Uid(existing), next =>
        {
            var wanted = Status(node, registration, next["status"] as JsonObject, now);
            if (JsonNode.DeepEquals(next["status"], wanted))
            {
                return false;
            }

            next["status"] = wanted;
            return true;
        }, ct);
    }

    private static JsonObject Labels(NodeCaller node, NodeRegistration registration)
    {
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = node.NodeName,
            ["kubernetes.io/os"] = registration.Info.OperatingSystem,
            ["kubernetes.io/arch"] = registration.Info.Architecture,
        };
        foreach (var (key, value) in registration.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>The status the node should have; a Ready condition that was already True keeps its times, so an unchanged node compares equal.</summary>
    private static JsonObject Status(NodeCaller node, NodeRegistration registration, JsonObject? current, string now)
    {
        var ready = current?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == "Ready") as JsonObject;
        var wasReady = (string?)ready?["status"] == "True";
        var capacity = new JsonObject();
        foreach (var (resource, quantity) in registration.Capacity.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            capacity[resource] = quantity;
        }

        var info = registration.Info;
        return new JsonObject
        {
            ["capacity"] = capacity,
            ["allocatable"] = capacity.DeepClone(),
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = "True",
                ["reason"] = "KubeletReady",
                ["message"] = "berth agent is posting ready status",
                ["lastHeartbeatTime"] = wasReady ? ready!["lastHeartbeatTime"]?.DeepClone() : now,
                ["lastTransitionTime"] = wasReady ? ready!["lastTransitionTime"]?.DeepClone() : now,
            }),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = registration.Address },
                new JsonObject { ["type"] = "Hostname", ["address"] = node.NodeName }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 0 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = "",
                ["systemUUID"] = "",
                ["bootID"] = "",
                ["kernelVersion"] = info.KernelVersion,
                ["osImage"] = info.OsImage,
                ["containerRuntimeVersion"] = info.ContainerRuntimeVersion,
                ["kubeletVersion"] = info.KubeletVersion,
                ["kubeProxyVersion"] = "",
                ["operatingSystem"] = info.OperatingSystem,
                ["architecture"] = info.Architecture,
            },
        };
    }

    private static string Uid(JsonObject obj) => (string)obj["metadata"]!["uid"]!;

    private static string PodTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
