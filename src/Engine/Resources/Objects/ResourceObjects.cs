using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Services;
using Berth.Engine.Resources.Apply;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.DryRun;
using Berth.Engine.Resources.Patching;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// The generic registry: get, list, watch, create, update, patch and delete for any
/// <see cref="ResourceType"/>, over the revision store. Plain inputs and outputs (JSON objects),
/// failures as <see cref="ResourceException"/>, so the HTTP API and the dashboard share it.
/// </summary>
public sealed class ResourceObjects(IRevisionStore store, TimeProvider time)
{
    // A patch reads, merges and writes with compare-and-swap; a concurrent writer makes it read again, as Kubernetes' patcher does.
    private const int PatchAttempts = 5;

    private readonly ServiceAllocator allocator = new(store, time);

    private ResourceObjects? dryRun;

    /// <summary>
    /// The same registry as a dry run (<c>dryRun=All</c>): every check and default of a write runs and
    /// the answer is what would be stored, but nothing is (<see cref="DryRunStore"/>).
    /// </summary>
    public ResourceObjects DryRun => store is DryRunStore ? this : dryRun ??= new ResourceObjects(new DryRunStore(store), time);

    /// <summary>This registry, or its <see cref="DryRun"/> twin when <paramref name="dryRun"/> is set.</summary>
    public ResourceObjects For(bool dryRun) => dryRun ? DryRun : this;

    /// <summary>The field manager whose writes this registry records in managedFields; null records nothing (the controllers' writes).</summary>
    private string? Manager { get; init; }

    /// <summary>This registry writing as field manager <paramref name="manager"/> (<see cref="ManagedFieldsTracker"/>).</summary>
    public ResourceObjects As(string manager) => new(store, time) { Manager = manager, KnownNamespace = KnownNamespace };

    /// <summary>A namespace row the caller has already read for this request (<see cref="NamespaceRead"/>); null reads it from the store when needed.</summary>
    private NamespaceRead? KnownNamespace { get; init; }

    /// <summary>This registry, using <paramref name="read"/> instead of reading that namespace again when a create needs it.</summary>
    public ResourceObjects Knowing(NamespaceRead? read) => read is null ? this : new(store, time) { Manager = Manager, KnownNamespace = read };

    public async Task<JsonObject> GetAsync(string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default)
    {
        var value = await Call(type, name, () => store.GetAsync(workspace, ResourceKeys.For(type, @namespace, name), ct: ct));
        return value is null ? throw ResourceException.NotFound(type, name) : ObjectJson.FromStore(value);
    }

    /// <summary>One page of the objects of <paramref name="namespace"/>, or of every namespace when it is null.</summary>
    public async Task<ObjectList> ListAsync(string workspace, ResourceType type, string? @namespace, ListOptions options, CancellationToken ct = default)
    {
        var page = await ReadPageAsync(workspace, type, @namespace, options, ct);
        var items = page.Items.Select(ObjectJson.FromStore).Where(o => options.Matches(ObjectView.Of(o))).ToList();
        return new ObjectList(items, page.Revision, page.Continue);
    }

    /// <summary>
    /// The same page as <see cref="ListAsync"/>, left as the stored bytes for a caller that writes them
    /// out as they are (<see cref="ResourceVersionSplice"/>); only selectors make it parse the objects,
    /// to test them. The one place lists hand out raw stored values: a kind whose stored bytes are not
    /// its JSON (<see cref="ServesStoredBytes"/>) is refused here.
    /// </summary>
    public async Task<StoredObjectList> ListStoredAsync(string workspace, ResourceType type, string? @namespace, ListOptions options, CancellationToken ct = default)
    {
        if (!ServesStoredBytes(type))
        {
            throw new InvalidOperationException($"{type.QualifiedResource} are not listed from their stored bytes");
        }

        var page = await ReadPageAsync(workspace, type, @namespace, options, ct);
        var items = options.SelectsEverything
            ? page.Items
            : page.Items.Where(value => options.Matches(ObjectView.Of(ObjectJson.FromStore(value)))).ToList();
        return new StoredObjectList(items, page.Revision, page.Continue);
    }

    /// <summary>
    /// Whether a kind's stored bytes are its JSON, so <see cref="ListStoredAsync"/> may hand them out.
    /// Not Secrets: their rows hold ciphertext (<see cref="Encryption.SecretEncryption"/>); the store
    /// the server runs on (<see cref="Store.Protection.ProtectedStore"/>) hands every reader a
    /// decrypted copy of its own, so there are no shared stored bytes to serve.
    /// </summary>
    public static bool ServesStoredBytes(ResourceType type) => !(type.Group.Length == 0 && type.Plural == "secrets");

    public async Task<JsonObject> CreateAsync(string workspace, ResourceType type, string? @namespace, JsonObject obj, CancellationToken ct = default) =>
        // Answered from the stored bytes, not the object in hand: admission set parts of that
        // from CLR values (a node port stays an int), and callers read numbers at any width,
        // as they can from every other read.
        ObjectJson.FromStore(await CreateStoredAsync(workspace, type, @namespace, obj, ct));

    /// <summary>
    /// <see cref="CreateAsync"/>, answering the stored row itself (revision 0 for a dry run), for a
    /// caller that writes it out as it is (<see cref="ResourceVersionSplice"/>) instead of parsing it again.
    /// </summary>
    public async Task<KeyValue> CreateStoredAsync(string workspace, ResourceType type, string? @namespace, JsonObject obj, CancellationToken ct = default)
    {
        ObjectAdmission.PrepareForCreate(type, @namespace, obj, time.GetUtcNow());
        if (Manager is not null)
        {
            ManagedFieldsTracker.RecordCreate(type, obj, Manager, time.GetUtcNow());
        }
        DeletionMetadata.ClearOnCreate(obj);
        NamespaceLifecycle.PrepareForCreate(type, obj);
        var name = ObjectJson.String(ObjectJson.Metadata(obj), "name")!;
        if (type.Namespaced)
        {
            await RequireNamespace(workspace, type, @namespace!, name, ct);
        }

        // Cluster IPs and node ports are claimed before the write and released if it fails.
        await using var claims = await allocator.AllocateAsync(workspace, type, obj, previous: null, ct);
        var key = ResourceKeys.For(type, @namespace, name);
        try
        {
            var created = await Call(type, name, () => store.CreateAsync(workspace, key, ObjectJson.ToStore(obj), ct));
            claims?.Keep();
            return created;
        }
        catch (ResourceException e) when (e.Reason == "AlreadyExists")
        {
            // Kubernetes says why the name is still taken when its holder is on its way out.
            if (await store.GetAsync(workspace, key, ct: ct) is { } existing && DeletionMetadata.IsDeleting(ObjectJson.FromStore(existing)))
            {
                throw new ResourceException(e.Code, e.Reason, $"object is being deleted: {e.Message}") { Name = e.Name, Group = e.Group, Kind = e.Kind };
            }

            throw;
        }
    }

    /// <summary>Replaces an object; the body's resourceVersion, when given, must still be current (409 otherwise).</summary>
    public async Task<JsonObject> UpdateAsync(string workspace, ResourceType type, string? @namespace, string name, JsonObject obj, bool statusOnly = false, CancellationToken ct = default)
    {
        var current = await GetAsync(workspace, type, @namespace, name, ct);
        return await Replace(workspace, type, @namespace, name, current, obj, statusOnly, ct);
    }

    /// <summary>Applies a JSON, JSON merge or strategic merge patch to the current object and stores the result.</summary>
    public async Task<JsonObject> PatchAsync(string workspace, ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode? patch, bool statusOnly = false, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(workspace, type, @namespace, name, ct);
            var patched = Patches.Apply(type, patchType, current, patch);
            try
            {
                return await Replace(workspace, type, @namespace, name, current, patched, statusOnly, ct);
            }
            catch (ResourceException e) when (e.Reason == "Conflict" && attempt < PatchAttempts && !NamesResourceVersion(patch))
            {
                // Someone wrote in between: patch the newer object, unless the patch itself pinned a version.
            }
        }
    }

    /// <summary>
    /// Server-side apply by <paramref name="manager"/> (<see cref="ServerSideApply"/>): creates the
    /// object when it does not exist, else merges <paramref name="applied"/> into it. Created says which.
    /// </summary>
    public async Task<(JsonObject Object, bool Created)> ApplyAsync(
        string workspace, ResourceType type, string? @namespace, string name, JsonObject applied, string manager, bool force, CancellationToken ct = default)
    {
        ApplyRequests.Check(type, @namespace, name, applied);
        for (var attempt = 1; ; attempt++)
        {
            JsonObject? live;
            try
            {
                live = await GetAsync(workspace, type, @namespace, name, ct);
            }
            catch (ResourceException e) when (e.Reason == "NotFound")
            {
                live = null;
            }

            var result = ServerSideApply.Apply(type, live, applied, manager, force, time.GetUtcNow());
            ObjectJson.Metadata(result)["name"] = name;
            try
            {
                return live is null
                    ? (await CreateAsync(workspace, type, @namespace, result, ct), true)
                    : (await Replace(workspace, type, @namespace, name, live, result, UpdateScope.Object, ct), false);
            }
            catch (ResourceException e) when (e.Reason is "Conflict" or "AlreadyExists" && e.Causes.Count == 0 && attempt < PatchAttempts)
            {
                // Someone wrote in between: apply to the newer object, as Kubernetes' patcher does.
            }
        }
    }

    public async Task<JsonObject> GetScaleAsync(string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default) =>
        ScaleView.Of(await GetAsync(workspace, type, @namespace, name, ct));

    /// <summary>Sets the replicas of an object from a <c>Scale</c>; its resourceVersion, when given, must still be current.</summary>
    public async Task<JsonObject> UpdateScaleAsync(string workspace, ResourceType type, string? @namespace, string name, JsonObject scale, CancellationToken ct = default)
    {
        var current = await GetAsync(workspace, type, @namespace, name, ct);
        return ScaleView.Of(await Replace(workspace, type, @namespace, name, current, ScaleView.Apply(current, scale), UpdateScope.Scale, ct));
    }

    /// <summary>Patches the <c>Scale</c> of an object (kubectl scale sends <c>{"spec":{"replicas":N}}</c>).</summary>
    public async Task<JsonObject> PatchScaleAsync(string workspace, ResourceType type, string? @namespace, string name, JsonNode? patch, PatchType patchType = PatchType.Merge, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(workspace, type, @namespace, name, ct);
            // A Scale has no lists, so a merge patch and a strategic one mean the same thing here.
            var scale = Patches.Apply(type, patchType == PatchType.Json ? PatchType.Json : PatchType.Merge, ScaleView.Of(current), patch);
            try
            {
                return ScaleView.Of(await Replace(workspace, type, @namespace, name, current, ScaleView.Apply(current, scale), UpdateScope.Scale, ct));
            }
            catch (ResourceException e) when (e.Reason == "Conflict" && attempt < PatchAttempts && !NamesResourceVersion(patch))
            {
                // Someone wrote in between: scale the newer object.
            }
        }
    }

    /// <summary>
    /// Replaces a namespace's <c>spec.finalizers</c> (the <c>finalize</c> subresource, which the
    /// namespace controller uses once a terminating namespace is empty); emptying them, with no
    /// metadata.finalizers left, removes the namespace.
    /// </summary>
    public async Task<JsonObject> FinalizeAsync(string workspace, string name, JsonObject obj, CancellationToken ct = default)
    {
        var type = BuiltInResources.Namespaces;
        var current = await GetAsync(workspace, type, null, name, ct);
        return await Replace(workspace, type, null, name, current, obj, UpdateScope.Finalize, ct);
    }

    /// <summary>Deletes an object with no options; returns it as it was last, or as marked when it stays (finalizers, grace).</summary>
    public async Task<JsonObject> DeleteAsync(string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default) =>
        (await DeleteAsync(workspace, type, @namespace, name, Deletion.DeleteOptions.Default, ct)).Object;

    /// <summary>
    /// Deletes an object as Kubernetes does (<see cref="DeletionPlanner"/>): removed at once, or
    /// marked with a deletionTimestamp and kept while finalizers or a pod's grace period remain.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(string workspace, ResourceType type, string? @namespace, string name, Deletion.DeleteOptions options, CancellationToken ct = default)
    {
        if (options.DryRun && store is not DryRunStore)
        {
            return await DryRun.DeleteAsync(workspace, type, @namespace, name, options, ct);
        }

        var key = ResourceKeys.For(type, @namespace, name);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(workspace, type, @namespace, name, ct);
            var revision = long.Parse(ObjectJson.String(ObjectJson.Metadata(current), "resourceVersion")!, CultureInfo.InvariantCulture);
            var decision = DeletionPlanner.Plan(type, current, options, time.GetUtcNow());
            try
            {
                switch (decision.Action)
                {
                    case DeletionAction.Keep:
                        return new DeleteOutcome(current, Deleted: false);
                    case DeletionAction.Mark:
                        var marked = await Call(type, name, () => store.UpdateAsync(workspace, key, ObjectJson.ToStore(decision.Object), revision, ct));
                        return new DeleteOutcome(ObjectJson.FromStore(marked), Deleted: false);
                    default:
                        var removed = await Call(type, name, () => store.DeleteAsync(workspace, key, revision, ct));
                        return new DeleteOutcome(ObjectJson.FromStore(removed), Deleted: true);
                }
            }
            catch (ResourceException e) when (e.Reason == "Conflict" && attempt < PatchAttempts)
            {
                // Someone wrote in between: decide again on the newer object (preconditions included).
            }
        }
    }

    /// <summary>
    /// Deletes every object of <paramref name="namespace"/> the selectors match, each by the rules of
    /// <see cref="DeleteAsync(string, ResourceType, string?, string, Deletion.DeleteOptions, CancellationToken)"/>;
    /// answers with them as they were listed, as Kubernetes does. One that is already gone is skipped.
    /// </summary>
    public async Task<ObjectList> DeleteCollectionAsync(string workspace, ResourceType type, string? @namespace, ListOptions listOptions, Deletion.DeleteOptions options, CancellationToken ct = default)
    {
        var list = await ListAsync(workspace, type, @namespace, listOptions, ct);
        foreach (var item in list.Items)
        {
            var metadata = ObjectJson.Metadata(item);
            try
            {
                await DeleteAsync(workspace, type, ObjectJson.String(metadata, "namespace"), ObjectJson.String(metadata, "name")!, options, ct);
            }
            catch (ResourceException e) when (e.Reason == "NotFound")
            {
                // Deleted by someone else since the list: what was asked for.
            }
        }

        return list;
    }

    /// <summary>
    /// Opens a watch of <paramref name="namespace"/> (every namespace when null). Without a
    /// resourceVersion (or with "0") it starts, as Kubernetes does, with an ADDED event for every
    /// object that exists now.
    /// </summary>
    public async Task<ObjectWatch> WatchAsync(string workspace, ResourceType type, string? @namespace, ListOptions options, CancellationToken ct = default)
    {
        var prefix = ResourceKeys.Prefix(type, @namespace);
        IReadOnlyList<ObjectEvent> initial = [];
        IEnumerable<string>? selected = null;
        long from;
        if (options.ResourceVersion is > 0)
        {
            from = options.ResourceVersion.Value;
            if (!options.SelectsEverything)
            {
                // Which objects the client holds as selected at that revision, so that one leaving
                // the selection later reads as DELETED.
                var then = await ListAsync(workspace, type, @namespace, options with { Limit = 0, Continue = null, Match = ResourceVersionMatch.Exact }, ct);
                selected = then.Items.Select(o => ObjectView.Of(o).Key);
            }
        }
        else
        {
            var list = await ListAsync(workspace, type, @namespace, options with { Limit = 0, Continue = null, ResourceVersion = null }, ct);
            initial = list.Items.Select(o => new ObjectEvent(ObjectEvent.Added, o, list.Revision)).ToList();
            selected = options.SelectsEverything ? null : list.Items.Select(o => ObjectView.Of(o).Key);
            from = list.Revision;
        }

        var watch = await Call(type, "", () => store.WatchAsync(workspace, prefix, from, ct));
        return new ObjectWatch(watch, initial, options, selected);
    }

    private Task<JsonObject> Replace(string workspace, ResourceType type, string? @namespace, string name, JsonObject current, JsonObject incoming, bool statusOnly, CancellationToken ct) =>
        Replace(workspace, type, @namespace, name, current, incoming, statusOnly ? UpdateScope.Status : UpdateScope.Object, ct);

    private async Task<JsonObject> Replace(string workspace, ResourceType type, string? @namespace, string name, JsonObject current, JsonObject incoming, UpdateScope scope, CancellationToken ct)
    {
        var expected = ExpectedRevision(incoming) ?? long.Parse(ObjectJson.String(ObjectJson.Metadata(current), "resourceVersion")!, CultureInfo.InvariantCulture);
        // Before admission, which moves the generation when spec changes: a namespace's spec.finalizers change only through finalize.
        NamespaceLifecycle.PrepareForUpdate(type, current, incoming, finalize: scope == UpdateScope.Finalize);
        var next = scope == UpdateScope.Status
            ? ObjectAdmission.PrepareForStatusUpdate(type, name, current, incoming)
            : ObjectAdmission.PrepareForUpdate(type, @namespace, name, current, incoming);
        DeletionOnUpdate.Prepare(type, name, current, next);
        if (Manager is not null && scope != UpdateScope.Status)
        {
            ManagedFieldsTracker.RecordUpdate(type, current, next, Manager, scope == UpdateScope.Scale ? "scale" : null, time.GetUtcNow());
        }
        if (DeletionOnUpdate.CompletesDelete(type, current, next))
        {
            // The last finalizer is gone from an object being deleted: the delete completes now.
            var removed = await Call(type, name, () => store.DeleteAsync(workspace, ResourceKeys.For(type, @namespace, name), expected, ct));
            ObjectJson.Metadata(next)["resourceVersion"] = removed.Revision.ToString(CultureInfo.InvariantCulture);
            return next;
        }

        await using var claims = scope == UpdateScope.Status ? null : await allocator.AllocateAsync(workspace, type, next, current, ct);
        var currentStored = ObjectJson.ToStore(current);
        var nextStored = ObjectJson.ToStore(next);
        if (currentStored.AsSpan().SequenceEqual(nextStored) && expected.ToString(CultureInfo.InvariantCulture) == ObjectJson.String(ObjectJson.Metadata(current), "resourceVersion"))
        {
            return current; // nothing changed: no new revision, as Kubernetes skips no-op writes
        }

        var updated = await Call(type, name, () => store.UpdateAsync(workspace, ResourceKeys.For(type, @namespace, name), nextStored, expected, ct));
        claims?.Keep();
        return ObjectJson.FromStore(updated);
    }

    private async Task<ListPage> ReadPageAsync(string workspace, ResourceType type, string? @namespace, ListOptions options, CancellationToken ct)
    {
        var pinned = options.ResourceVersion is > 0 && options.Continue is null;
        var atRevision = pinned && options.Match == ResourceVersionMatch.Exact ? options.ResourceVersion : null;
        var page = await Call(type, "", () => store.ListAsync(workspace, ResourceKeys.Prefix(type, @namespace), options.Limit, options.Continue, atRevision, ct));
        if (pinned && page.Revision < options.ResourceVersion)
        {
            // Not older than a revision the store has not reached: one server's store is every server's, so it never will.
            throw new ResourceException(504, "Timeout", $"Too large resource version: {options.ResourceVersion}, current: {page.Revision}");
        }

        return page;
    }

    /// <summary>Refuses to create in a namespace that does not exist (404) or is terminating (403).</summary>
    private async Task RequireNamespace(string workspace, ResourceType type, string @namespace, string name, CancellationToken ct)
    {
        var stored = (KnownNamespace is { } known && known.Workspace == workspace && known.Namespace == @namespace
            ? known.Value
            : await store.GetAsync(workspace, NamespaceRead.KeyOf(@namespace), ct: ct)) ?? throw ResourceException.NotFound(BuiltInResources.Namespaces, @namespace);
        NamespaceLifecycle.CheckCreateIn(ObjectJson.FromStore(stored), type, name);
    }

    private static long? ExpectedRevision(JsonObject obj)
    {
        var text = ObjectJson.String(ObjectJson.Metadata(obj), "resourceVersion");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0
            ? revision
            : throw ResourceException.BadRequest($"invalid resourceVersion \"{text}\"");
    }

    /// <summary>What an update may change: the object (not its status), only its status, a namespace's spec.finalizers too, or the replicas.</summary>
    private enum UpdateScope
    {
        Object,
        Status,
        Finalize,

        /// <summary>The object, through its scale subresource (only the replicas change).</summary>
        Scale,
    }

    /// <summary>Whether the patch pins the version it was made against (then a conflict is the caller's to resolve).</summary>
    private static bool NamesResourceVersion(JsonNode? patch) => patch switch
    {
        JsonArray operations => operations.Any(o => o is JsonObject op && op["path"] is JsonValue path
            && path.TryGetValue<string>(out var text) && text == "/metadata/resourceVersion"),
        JsonObject merge => merge["metadata"]?["resourceVersion"] is not null,
        _ => false,
    };

    /// <summary>Runs a store call, turning its refusals into the Kubernetes errors they are.</summary>
    private static async Task<T> Call<T>(ResourceType type, string name, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StoreException e)
        {
            throw e.Code switch
            {
                StoreErrorCode.NotFound => (Exception)ResourceException.NotFound(type, name),
                StoreErrorCode.AlreadyExists => ResourceException.AlreadyExists(type, name),
                StoreErrorCode.Conflict => ResourceException.Conflict(type, name),
                StoreErrorCode.Compacted => ResourceException.Gone($"too old resource version: {e.Message}"),
                StoreErrorCode.FutureRevision => new ResourceException(504, "Timeout", $"Too large resource version: {e.Message}"),
                StoreErrorCode.InvalidArgument => ResourceException.BadRequest(e.Message),
                StoreErrorCode.Unavailable => new ResourceException(503, "ServiceUnavailable", e.Message),
                _ => e,
            };
        }
    }
}
