using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Controllers.Support;

/// <summary>Writes Kubernetes objects into one workspace of a real store, through the same registry the API uses.</summary>
internal sealed class TestObjects(IRevisionStore store, string workspace)
{
    public ResourceObjects Objects { get; } = new(store, TimeProvider.System);

    public string Workspace => workspace;

    public static ResourceType Kind(string plural) => ResourceRegistry.BuiltIn.Types.Single(t => t.Plural == plural);

    /// <summary>Creates an object from JSON; its namespace is created first when missing.</summary>
    public async Task<JsonObject> CreateAsync(string plural, string? @namespace, string json)
    {
        var type = Kind(plural);
        if (@namespace is not null && await store.GetAsync(workspace, ResourceKeys.For(BuiltInResources.Namespaces, null, @namespace)) is null)
        {
            await Objects.CreateAsync(workspace, BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = @namespace } });
        }

        return await Objects.CreateAsync(workspace, type, @namespace, MinimalSpecs.Fill(plural, JsonNode.Parse(json)!.AsObject()));
    }

    /// <summary>Creates an object named <paramref name="name"/> owned by <paramref name="owners"/> (blocking their deletion when asked).</summary>
    public Task<JsonObject> CreateOwnedAsync(string plural, string @namespace, string name, bool block, params JsonObject[] owners)
    {
        // Kubernetes allows one controller among an object's owners: the first one here.
        var references = new JsonArray(owners.Select((o, i) => (JsonNode)Reference(o, block, controller: i == 0)).ToArray());
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["ownerReferences"] = references } };
        return CreateAsync(plural, @namespace, obj.ToJsonString());
    }

    public static JsonObject Reference(JsonObject owner, bool block = false, bool controller = true)
    {
        var metadata = ObjectJson.Metadata(owner);
        return new JsonObject
        {
            ["apiVersion"] = ObjectJson.String(owner, "apiVersion"),
            ["kind"] = ObjectJson.String(owner, "kind"),
            ["name"] = ObjectJson.String(metadata, "name"),
            ["uid"] = ObjectJson.String(metadata, "uid"),
            ["controller"] = controller,
            ["blockOwnerDeletion"] = block,
        };
    }

    /// <summary>Applies a JSON merge patch, as <c>kubectl patch --type merge</c> does.</summary>
    public Task<JsonObject> PatchAsync(string plural, string? @namespace, string name, string patch) =>
        Objects.PatchAsync(workspace, Kind(plural), @namespace, name, Berth.Engine.Resources.Patching.PatchType.Merge, JsonNode.Parse(patch));

    /// <summary>Deletes as the API does: with finalizers or a propagation policy that keeps it, the object is only marked.</summary>
    public async Task<JsonObject> DeleteAsync(string plural, string? @namespace, string name, PropagationPolicy? propagation = null) =>
        (await Objects.DeleteAsync(workspace, Kind(plural), @namespace, name, new DeleteOptions { PropagationPolicy = propagation })).Object;

    public async Task<JsonObject?> GetAsync(string plural, string? @namespace, string name)
    {
        var value = await store.GetAsync(workspace, ResourceKeys.For(Kind(plural), @namespace, name));
        return value is null ? null : ObjectJson.FromStore(value);
    }

    /// <summary>
    /// Puts an object in the state a delete leaves it in when finalizers hold it: a deletionTimestamp
    /// and the finalizers given (and for a namespace, phase Terminating). Written to the store
    /// directly, as the API's delete would write it.
    /// </summary>
    public async Task MarkDeletingAsync(string plural, string? @namespace, string name, params string[] finalizers)
    {
        var key = ResourceKeys.For(Kind(plural), @namespace, name);
        var current = await store.GetAsync(workspace, key) ?? throw new InvalidOperationException($"{key} does not exist");
        var obj = ObjectJson.FromStore(current);
        var metadata = ObjectJson.Metadata(obj);
        metadata["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        if (plural == "namespaces")
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Terminating" };
        }

        await store.UpdateAsync(workspace, key, ObjectJson.ToStore(obj), current.Revision);
    }

    public static IReadOnlyList<string> OwnerUids(JsonObject obj) => OwnerReference.Of(obj).Select(r => r.Uid).ToList();
}
