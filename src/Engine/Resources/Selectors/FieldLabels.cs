using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Selectors;

/// <summary>
/// The fields each kind can be selected by (<c>fieldSelector</c>), and how to read them from an
/// object, as Kubernetes 1.32's registries define them (<c>GetAttrs</c>/<c>ToSelectableFields</c>):
/// every kind has metadata.name and metadata.namespace; pods add spec.nodeName and status.phase
/// (what node agents and kubectl use), events their involvedObject, and so on. A missing field
/// reads as Go's zero value ("", "false", "0"), as there.
/// </summary>
public static class FieldLabels
{
    private delegate string Reader(JsonObject obj);

    private static readonly Dictionary<string, Reader> Common = new()
    {
        ["metadata.name"] = o => Text(o, "metadata", "name"),
        ["metadata.namespace"] = o => Text(o, "metadata", "namespace"),
    };

    // Keyed by qualified resource (pods, replicasets.apps): the same plural in two groups may differ.
    private static readonly Dictionary<string, Dictionary<string, Reader>> ByResource = new()
    {
        ["pods"] = With(new()
        {
            ["spec.nodeName"] = o => Text(o, "spec", "nodeName"),
            ["spec.restartPolicy"] = o => Text(o, "spec", "restartPolicy"),
            ["spec.schedulerName"] = o => Text(o, "spec", "schedulerName"),
            ["spec.serviceAccountName"] = o => Text(o, "spec", "serviceAccountName"),
            ["spec.hostNetwork"] = o => Boolean(o, "spec", "hostNetwork"),
            ["status.phase"] = o => Text(o, "status", "phase"),
            ["status.podIP"] = o => Text(o, "status", "podIP"),
            ["status.nominatedNodeName"] = o => Text(o, "status", "nominatedNodeName"),
        }),
        ["events"] = With(new()
        {
            ["involvedObject.kind"] = o => Text(o, "involvedObject", "kind"),
            ["involvedObject.namespace"] = o => Text(o, "involvedObject", "namespace"),
            ["involvedObject.name"] = o => Text(o, "involvedObject", "name"),
            ["involvedObject.uid"] = o => Text(o, "involvedObject", "uid"),
            ["involvedObject.apiVersion"] = o => Text(o, "involvedObject", "apiVersion"),
            ["involvedObject.resourceVersion"] = o => Text(o, "involvedObject", "resourceVersion"),
            ["involvedObject.fieldPath"] = o => Text(o, "involvedObject", "fieldPath"),
            ["reason"] = o => Text(o, "reason"),
            ["reportingComponent"] = o => Text(o, "reportingComponent"),
            ["source"] = o => Text(o, "source", "component"),
            ["type"] = o => Text(o, "type"),
        }),
        ["secrets"] = With(new() { ["type"] = o => Text(o, "type") }),
        ["namespaces"] = With(new() { ["status.phase"] = o => Text(o, "status", "phase") }),
        ["nodes"] = With(new() { ["spec.unschedulable"] = o => Boolean(o, "spec", "unschedulable") }),
        ["replicasets.apps"] = With(new() { ["status.replicas"] = o => Number(o, "status", "replicas") }),
        ["jobs.batch"] = With(new() { ["status.successful"] = o => Number(o, "status", "successful") }),
    };

    /// <summary>Whether <paramref name="field"/> can select objects of <paramref name="type"/>.</summary>
    public static bool Supports(ResourceType type, string field) => Readers(type).ContainsKey(field);

    /// <summary>The value of <paramref name="field"/> in <paramref name="obj"/>, as a selector compares it.</summary>
    public static string Read(ResourceType type, string field, JsonObject obj) =>
        Readers(type).TryGetValue(field, out var read) ? read(obj) : "";

    private static Dictionary<string, Reader> Readers(ResourceType type) =>
        ByResource.TryGetValue(type.QualifiedResource, out var readers) ? readers : Common;

    private static Dictionary<string, Reader> With(Dictionary<string, Reader> own)
    {
        foreach (var (field, read) in Common)
        {
            own[field] = read;
        }

        return own;
    }

    private static JsonNode? At(JsonObject obj, string[] path) =>
        path.Aggregate((JsonNode?)obj, (node, name) => node is JsonObject o ? o[name] : null);

    private static string Text(JsonObject obj, params string[] path) =>
        At(obj, path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static string Boolean(JsonObject obj, params string[] path) =>
        At(obj, path) is JsonValue value && value.TryGetValue<bool>(out var flag) && flag ? "true" : "false";

    private static string Number(JsonObject obj, params string[] path) =>
        At(obj, path) is JsonValue value && value.TryGetValue<long>(out var number) ? number.ToString(CultureInfo.InvariantCulture) : "0";
}
