using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// One entry of <c>metadata.ownerReferences</c>: the object that owns this one, named by kind and
/// name and pinned by uid (a re-created owner with the same name is another owner).
/// </summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool Controller, bool BlockOwnerDeletion)
{
    /// <summary>The API group of the owner's kind: the part of apiVersion before the slash, empty for the core group.</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    /// <summary>The object's owner references; entries without a uid or name are skipped (admission will refuse them).</summary>
    public static IReadOnlyList<OwnerReference> Of(JsonObject obj)
    {
        if (ObjectJson.Metadata(obj)["ownerReferences"] is not JsonArray list)
        {
            return [];
        }

        var references = new List<OwnerReference>(list.Count);
        foreach (var entry in list)
        {
            if (entry is JsonObject reference
                && ObjectJson.String(reference, "uid") is { Length: > 0 } uid
                && ObjectJson.String(reference, "name") is { Length: > 0 } name)
            {
                references.Add(new OwnerReference(
                    ObjectJson.String(reference, "apiVersion") ?? "",
                    ObjectJson.String(reference, "kind") ?? "",
                    name,
                    uid,
                    Flag(reference, "controller"),
                    Flag(reference, "blockOwnerDeletion")));
            }
        }

        return references;
    }

    private static bool Flag(JsonObject reference, string name) =>
        reference[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
