using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>
/// Runs objects through the API server's admission (<see cref="ObjectAdmission"/>) as a create or
/// an update would, and shows refusals as kubectl prints their causes: <c>field: message</c>.
/// </summary>
internal static class Admit
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 3, 2, 1, TimeSpan.Zero);

    /// <summary>The kind of <paramref name="resource"/>, written as Kubernetes qualifies it ("pods", "deployments.apps").</summary>
    public static ResourceType Type(string resource)
    {
        var dot = resource.IndexOf('.');
        var (plural, group) = dot < 0 ? (resource, "") : (resource[..dot], resource[(dot + 1)..]);
        return ResourceRegistry.BuiltIn.Find(group, "v1", plural) ?? throw new ArgumentException($"no kind {resource}");
    }

    public static JsonObject Create(string resource, string json)
    {
        var type = Type(resource);
        var obj = JsonNode.Parse(json)!.AsObject();
        ObjectAdmission.PrepareForCreate(type, type.Namespaced ? "default" : null, obj, Now);
        return obj;
    }

    public static ResourceException CreateFails(string resource, string json) =>
        Assert.Throws<ResourceException>(() => Create(resource, json));

    /// <summary>The causes of the refusal of <paramref name="json"/>, as "field: message" lines.</summary>
    public static IReadOnlyList<string> CreateErrors(string resource, string json) => Lines(CreateFails(resource, json));

    /// <summary>Replaces <paramref name="current"/> with a copy changed by <paramref name="change"/>.</summary>
    public static JsonObject Update(string resource, JsonObject current, Action<JsonObject> change)
    {
        var type = Type(resource);
        var incoming = (JsonObject)current.DeepClone();
        change(incoming);
        var name = current["metadata"]!["name"]!.GetValue<string>();
        return ObjectAdmission.PrepareForUpdate(type, type.Namespaced ? "default" : null, name, current, incoming);
    }

    public static IReadOnlyList<string> UpdateErrors(string resource, JsonObject current, Action<JsonObject> change) =>
        Lines(Assert.Throws<ResourceException>(() => Update(resource, current, change)));

    public static IReadOnlyList<string> Lines(ResourceException refusal)
    {
        Assert.Equal(422, refusal.Code);
        Assert.Equal("Invalid", refusal.Reason);
        return refusal.Causes.Select(c => $"{c.Field}: {c.Message}").ToList();
    }

    /// <summary>One valid container, for manifests that only care about something else (write CONTAINER where it goes).</summary>
    public const string Container = """{"name":"web","image":"busybox:1.36"}""";

    public const string OneContainer = """{"containers":[CONTAINER]}""";

    /// <summary>Fills the placeholders (CONTAINER, TEMPLATE, SPEC, ...) of a JSON manifest, which reads better than escaped braces.</summary>
    public static string Fill(this string json, params (string Placeholder, string Value)[] values) =>
        values.Aggregate(json, (text, v) => text.Replace(v.Placeholder, v.Value)).Replace("CONTAINER", Container);

    public static string Pod(string spec = OneContainer, string name = "web") =>
        """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME"},"spec":SPEC}""".Fill(("SPEC", spec.Fill()), ("NAME", name));

    public static string Template(string labels = """{"app":"web"}""", string spec = OneContainer) =>
        """{"metadata":{"labels":LABELS},"spec":SPEC}""".Fill(("LABELS", labels), ("SPEC", spec.Fill()));
}
