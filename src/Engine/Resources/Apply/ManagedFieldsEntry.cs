using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Apply;

/// <summary>One entry of <c>metadata.managedFields</c>: which manager owns which fields, and whether it got them by apply or by an ordinary write.</summary>
public sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string? Time, FieldSet Fields)
{
    /// <summary>The subresource the write went through (<c>status</c>, <c>scale</c>), or null for the object itself.</summary>
    public string? Subresource { get; init; }

    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    /// <summary>The entries of <paramref name="obj"/>; entries that are not FieldsV1 are left out, as nothing here can read them.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            if (ObjectJson.String(item, "fieldsType") is "FieldsV1" or null)
            {
                entries.Add(new ManagedFieldsEntry(
                    ObjectJson.String(item, "manager") ?? "",
                    ObjectJson.String(item, "operation") ?? UpdateOperation,
                    ObjectJson.String(item, "apiVersion") ?? "",
                    ObjectJson.String(item, "time"),
                    FieldSet.FromFieldsV1(item["fieldsV1"] as JsonObject))
                {
                    Subresource = ObjectJson.String(item, "subresource"),
                });
            }
        }

        return entries;
    }

    /// <summary>Writes <paramref name="entries"/> (those that still own something) as the object's managedFields.</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        var owning = entries.Where(e => !e.Fields.IsEmpty).Select(e => (JsonNode)e.ToJson()).ToArray();
        if (owning.Length == 0)
        {
            metadata.Remove("managedFields"); // as Kubernetes writes an object nobody manages
        }
        else
        {
            metadata["managedFields"] = new JsonArray(owning);
        }
    }

    public static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        if (Subresource is not null)
        {
            json["subresource"] = Subresource;
        }

        json["fieldsV1"] = Fields.ToFieldsV1();
        return json;
    }
}
