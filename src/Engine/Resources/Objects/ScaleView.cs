using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// The <c>scale</c> subresource: an <c>autoscaling/v1</c> <c>Scale</c> seen through an object with
/// <c>spec.replicas</c> (Deployment, ReplicaSet, StatefulSet), which is what <c>kubectl scale</c> reads and patches.
/// </summary>
public static class ScaleView
{
    public const string ApiVersion = "autoscaling/v1";
    public const string Kind = "Scale";

    public static JsonObject Of(JsonObject obj)
    {
        var metadata = ObjectJson.Metadata(obj);
        var scaleMetadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (metadata[field] is { } value)
            {
                scaleMetadata[field] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["kind"] = Kind,
            ["apiVersion"] = ApiVersion,
            ["metadata"] = scaleMetadata,
            ["spec"] = new JsonObject { ["replicas"] = Replicas(obj["spec"]) },
            ["status"] = new JsonObject
            {
                ["replicas"] = Replicas(obj["status"]),
                ["selector"] = Selector(obj["spec"]?["selector"]),
            },
        };
    }

    /// <summary>The object with the replicas <paramref name="scale"/> asks for; everything else as it was.</summary>
    public static JsonObject Apply(JsonObject obj, JsonObject scale)
    {
        if (scale["spec"]?["replicas"] is not JsonValue replicas || !replicas.TryGetValue<long>(out var count) || count < 0)
        {
            throw new ResourceException(422, "Invalid", "Scale is invalid: spec.replicas: Invalid value: must be greater than or equal to 0")
            {
                Causes = [new FieldCause("FieldValueInvalid", "spec.replicas", "Invalid value: must be greater than or equal to 0")],
            };
        }

        var result = (JsonObject)obj.DeepClone();
        if (result["spec"] is not JsonObject spec)
        {
            spec = new JsonObject();
            result["spec"] = spec;
        }

        spec["replicas"] = count;
        ObjectJson.Metadata(result)["resourceVersion"] = ObjectJson.String(ObjectJson.Metadata(scale), "resourceVersion");
        return result;
    }

    private static long Replicas(JsonNode? owner) =>
        owner?["replicas"] is JsonValue value && value.TryGetValue<long>(out var count) ? count : 0;

    // The label selector as a string, the form Scale carries it in (matchLabels only; enough for kubectl).
    private static string Selector(JsonNode? selector) =>
        selector?["matchLabels"] is JsonObject labels
            ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))
            : "";
}
