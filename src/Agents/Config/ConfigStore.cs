using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Engine.Nodes;

namespace Berth.Agents.Config;

/// <summary>
/// The ConfigMaps and Secrets this node was sent (only those its pods use), as the hub keeps them
/// current. Values come out as bytes: a ConfigMap's <c>data</c> as UTF-8 and <c>binaryData</c>
/// decoded, a Secret's <c>data</c> decoded from base64.
/// </summary>
public sealed class ConfigStore
{
    private readonly ConcurrentDictionary<ConfigKey, JsonObject> objects = new();

    public void ReplaceAll(IEnumerable<JsonObject> all)
    {
        objects.Clear();
        foreach (var obj in all)
        {
            Put(obj);
        }
    }

    public void Put(JsonObject obj) => objects[ConfigKey.Of(obj)] = obj;

    public void Remove(ConfigKey key) => objects.TryRemove(key, out _);

    /// <summary>The keys and values of the object, or null when the node has no such object.</summary>
    public IReadOnlyDictionary<string, byte[]>? Data(string kind, string @namespace, string name)
    {
        if (!objects.TryGetValue(new ConfigKey(kind, @namespace, name), out var obj))
        {
            return null;
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var secret = kind == ConfigReferences.Secret;
        foreach (var (key, value) in obj["data"] as JsonObject ?? [])
        {
            var text = (string?)value ?? "";
            data[key] = secret ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
        }

        foreach (var (key, value) in secret ? [] : obj["binaryData"] as JsonObject ?? [])
        {
            data[key] = Convert.FromBase64String((string?)value ?? "");
        }

        return data;
    }
}
