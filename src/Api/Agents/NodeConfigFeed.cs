using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.SignalR;

namespace Berth.Api.Agents;

/// <summary>
/// The ConfigMaps and Secrets one connected node may see: exactly those its pods use
/// (<see cref="ConfigReferences"/>). It remembers each pod's references, sends an object the first
/// time a pod needs it, and passes on changes and deletions of the objects in use, from watches of
/// both kinds started at the session's revision. A Secret no pod of the node uses never leaves the server.
/// </summary>
internal sealed class NodeConfigFeed(ResourceObjects objects, NodeCaller node, IClientProxy client)
{
    private static readonly ResourceType ConfigMaps = ResourceRegistry.BuiltIn.FindKind("", ConfigReferences.ConfigMap)!;
    private static readonly ResourceType Secrets = ResourceRegistry.BuiltIn.FindKind("", ConfigReferences.Secret)!;

    private readonly Lock gate = new();
    private readonly Dictionary<string, HashSet<ConfigKey>> byPod = [];
    private readonly HashSet<ConfigKey> sent = [];

    /// <summary>The objects the initial pods use, for the desired state; remembered as sent.</summary>
    public async Task<IReadOnlyList<JsonObject>> InitialAsync(IEnumerable<JsonObject> pods, CancellationToken ct)
    {
        var needed = new HashSet<ConfigKey>();
        foreach (var pod in pods)
        {
            needed.UnionWith(Track(pod));
        }

        var found = new List<JsonObject>();
        foreach (var key in needed)
        {
            if (await GetAsync(key, ct) is { } obj)
            {
                found.Add(obj);
            }

            lock (gate)
            {
                sent.Add(key);
            }
        }

        return found;
    }

    /// <summary>Before a pod goes to the node: whatever it uses that the node was not sent yet.</summary>
    public async Task BeforePodAsync(JsonObject pod, CancellationToken ct)
    {
        foreach (var key in Track(pod))
        {
            bool first;
            lock (gate)
            {
                first = sent.Add(key);
            }

            if (first && await GetAsync(key, ct) is { } obj)
            {
                await client.SendAsync(AgentClientMethods.ConfigChanged, obj, ct);
            }
        }
    }

    public void PodGone(JsonObject pod)
    {
        lock (gate)
        {
            byPod.Remove((string?)pod["metadata"]?["uid"] ?? "");
        }
    }

    /// <summary>Passes on every change to a ConfigMap or Secret (by <paramref name="kind"/>) that a pod of the node uses.</summary>
    public async Task WatchAsync(string kind, long fromRevision, CancellationToken ct)
    {
        var type = kind == ConfigReferences.Secret ? Secrets : ConfigMaps;
        await using var watch = await objects.WatchAsync(node.Workspace, type, null, new ListOptions { ResourceVersion = fromRevision }, ct);
        while (await watch.NextAsync(TimeSpan.FromMinutes(1), type, ct) is { } change)
        {
            if (change.Type == ObjectEvent.Bookmark || !InUse(ConfigKey.Of(change.Object)))
            {
                continue;
            }

            var key = ConfigKey.Of(change.Object);
            if (change.Type == ObjectEvent.Deleted)
            {
                await client.SendAsync(AgentClientMethods.ConfigRemoved, key.Kind, key.Namespace, key.Name, ct);
            }
            else
            {
                await client.SendAsync(AgentClientMethods.ConfigChanged, change.Object, ct);
            }
        }
    }

    private HashSet<ConfigKey> Track(JsonObject pod)
    {
        var keys = ConfigReferences.Of(pod).ToHashSet();
        lock (gate)
        {
            byPod[(string?)pod["metadata"]?["uid"] ?? ""] = keys;
        }

        return keys;
    }

    private bool InUse(ConfigKey key)
    {
        lock (gate)
        {
            return byPod.Values.Any(keys => keys.Contains(key));
        }
    }

    private Task<JsonObject?> GetAsync(ConfigKey key, CancellationToken ct) =>
        new ObjectClient(objects).GetAsync(node.Workspace, key.Kind == ConfigReferences.Secret ? Secrets : ConfigMaps, key.Namespace, key.Name, ct);
}
