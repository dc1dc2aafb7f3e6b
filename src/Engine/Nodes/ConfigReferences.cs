using System.Text.Json.Nodes;

namespace Berth.Engine.Nodes;

/// <summary>A ConfigMap or Secret by kind, namespace and name.</summary>
public readonly record struct ConfigKey(string Kind, string Namespace, string Name)
{
    public static ConfigKey Of(JsonObject obj) =>
        new((string?)obj["kind"] ?? "", (string?)obj["metadata"]?["namespace"] ?? "", (string?)obj["metadata"]?["name"] ?? "");

    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}

/// <summary>
/// The ConfigMaps and Secrets a pod uses, in its own namespace: env <c>valueFrom</c> key refs,
/// <c>envFrom</c>, and configMap, secret and projected volumes, of containers and init containers.
/// What a node may read is exactly the union of these over its pods.
/// </summary>
public static class ConfigReferences
{
    public const string ConfigMap = "ConfigMap";
    public const string Secret = "Secret";

    public static IEnumerable<ConfigKey> Of(JsonObject pod)
    {
        var ns = (string?)pod["metadata"]?["namespace"] ?? "default";
        var spec = pod["spec"];
        var containers = Items(spec?["containers"]).Concat(Items(spec?["initContainers"]));
        foreach (var container in containers)
        {
            foreach (var env in Items(container?["env"]))
            {
                if (Name(env?["valueFrom"]?["configMapKeyRef"]) is { } configMap)
                {
                    yield return new ConfigKey(ConfigMap, ns, configMap);
                }

                if (Name(env?["valueFrom"]?["secretKeyRef"]) is { } secret)
                {
                    yield return new ConfigKey(Secret, ns, secret);
                }
            }

            foreach (var from in Items(container?["envFrom"]))
            {
                if (Name(from?["configMapRef"]) is { } configMap)
                {
                    yield return new ConfigKey(ConfigMap, ns, configMap);
                }

                if (Name(from?["secretRef"]) is { } secret)
                {
                    yield return new ConfigKey(Secret, ns, secret);
                }
            }
        }

        foreach (var volume in Items(spec?["volumes"]))
        {
            if (Name(volume?["configMap"]) is { } configMap)
            {
                yield return new ConfigKey(ConfigMap, ns, configMap);
            }

            if ((string?)volume?["secret"]?["secretName"] is { Length: > 0 } secret)
            {
                yield return new ConfigKey(Secret, ns, secret);
            }

            foreach (var source in Items(volume?["projected"]?["sources"]))
            {
                if (Name(source?["configMap"]) is { } projectedMap)
                {
                    yield return new ConfigKey(ConfigMap, ns, projectedMap);
                }

                if (Name(source?["secret"]) is { } projectedSecret)
                {
                    yield return new ConfigKey(Secret, ns, projectedSecret);
                }
            }
        }
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? array) => array as JsonArray ?? [];

    private static string? Name(JsonNode? reference) => (string?)reference?["name"] is { Length: > 0 } name ? name : null;
}
