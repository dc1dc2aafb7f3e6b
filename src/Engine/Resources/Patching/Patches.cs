using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Patching;

/// <summary>Applies a patch of any supported <see cref="PatchType"/> to a copy of an object.</summary>
public static class Patches
{
    public static JsonObject Apply(ResourceType type, PatchType patchType, JsonObject current, JsonNode? patch) => patchType switch
    {
        PatchType.Json => JsonPatch.Apply(current, patch),
        PatchType.Strategic => StrategicMergePatch.Apply(type, current, RequireObject(patch)),
        _ => JsonMergePatch.Apply(current, RequireObject(patch)) as JsonObject
            ?? throw ResourceException.BadRequest("the patched object is not a JSON object"),
    };

    private static JsonObject RequireObject(JsonNode? patch) =>
        patch as JsonObject ?? throw ResourceException.BadRequest("a merge patch must be a JSON object");
}
