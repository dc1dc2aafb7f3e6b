using System.Text.Json.Nodes;
using Berth.Engine.Resources;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary>
/// The discovery documents kubectl reads to learn what the server serves (the legacy,
/// unaggregated form: <c>APIVersions</c>, <c>APIGroupList</c>, <c>APIResourceList</c>).
/// kubectl asks for the aggregated form first and falls back to these when the answer is plain JSON.
/// </summary>
internal static class DiscoveryDocuments
{
    /// <summary>The Kubernetes release whose API Berth speaks (kubectl warns when its own is more than one minor away).</summary>
    public const string KubernetesMajor = "1";
    public const string KubernetesMinor = "32";

    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    public static JsonObject Version() => new()
    {
        ["major"] = KubernetesMajor,
        ["minor"] = KubernetesMinor,
        ["gitVersion"] = $"v{KubernetesMajor}.{KubernetesMinor}.0+berth",
        ["gitCommit"] = "",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "1970-01-01T00:00:00Z",
        ["goVersion"] = $".NET {Environment.Version}",
        ["compiler"] = "dotnet",
        ["platform"] = $"{(OperatingSystem.IsLinux() ? "linux" : "unknown")}/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}",
    };

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "" }),
    };

    public static JsonObject Groups(ResourceRegistry registry)
    {
        var groups = registry.GroupVersions.Where(gv => gv.Group.Length > 0).GroupBy(gv => gv.Group).Select(g =>
        {
            var versions = g.Select(gv => (JsonNode)VersionEntry(gv)).ToArray();
            return (JsonNode)new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = new JsonArray(versions),
                ["preferredVersion"] = VersionEntry(g.First()),
            };
        }).Append(Metrics.MetricsEndpoints.GroupEntry()).ToArray();
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray(groups) };
    }

    public static JsonObject Resources(ResourceRegistry registry, GroupVersion groupVersion)
    {
        var resources = new JsonArray();
        foreach (var type in registry.In(groupVersion))
        {
            resources.Add(Resource(type));
            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = Strings(SubresourceVerbs),
                });
            }

            if (type == BuiltInResources.Namespaces)
            {
                // The namespace controller finishes a terminating namespace through this one.
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/finalize",
                    ["singularName"] = "",
                    ["namespaced"] = false,
                    ["kind"] = type.Kind,
                    ["verbs"] = Strings(["update"]),
                });
            }

            if (type.HasScale)
            {
                // kubectl scale learns from this entry which kind the subresource speaks.
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/scale",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = Strings(SubresourceVerbs),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion.ToString(),
            ["resources"] = resources,
        };
    }

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["name"] = type.Plural,
            ["singularName"] = type.Singular,
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
            ["verbs"] = Strings(type.ServedVerbs),
        };
        if (type.ShortNames.Count > 0)
        {
            resource["shortNames"] = Strings(type.ShortNames);
        }

        if (type.Categories.Count > 0)
        {
            resource["categories"] = Strings(type.Categories);
        }

        return resource;
    }

    private static JsonObject VersionEntry(GroupVersion gv) => new() { ["groupVersion"] = gv.ToString(), ["version"] = gv.Version };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
