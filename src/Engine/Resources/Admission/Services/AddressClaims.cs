using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Admission.Services;

/// <summary>
/// Claims on cluster IPs and node ports, each one key of the workspace's store
/// (<c>_claims/serviceips/10.43.7.2</c>, <c>_claims/nodeports/30080</c>) naming the Service that
/// holds it. Creating the key is the claim, so two API servers can never hand out the same value;
/// no key of a resource starts with '_', so kubectl never sees them.
///
/// A claim outlives its Service when that is deleted or changes type, and nothing has to release
/// it: the next claimant finds the owner gone (or no longer using the value) and takes the key
/// over with compare-and-swap. A claim whose Service never appeared in the store's history may
/// belong to a create in flight; it is honoured for <see cref="InFlightGrace"/>. Claims made for a write that then fails are deleted at once
/// (<see cref="DisposeAsync"/> unless <see cref="Keep"/> was called).
/// </summary>
public sealed class AddressClaims(IRevisionStore store, string workspace, TimeProvider time) : IAsyncDisposable
{
    public const string IPPrefix = "_claims/serviceips/";
    public const string PortPrefix = "_claims/nodeports/";

    /// <summary>How long a claim whose Service is not (yet) in the store still counts.</summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(1);

    private const int Attempts = 5;

    private readonly List<KeyValue> made = [];
    private bool kept;

    /// <summary>Claims <paramref name="key"/> for the Service <paramref name="owner"/>; false when another Service holds it.</summary>
    public async Task<bool> TryClaimAsync(string key, JsonObject owner, Func<JsonObject, bool> uses, CancellationToken ct)
    {
        var ownerMetadata = owner.ObjectAt("metadata") ?? [];
        var claim = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["namespace"] = ownerMetadata.TextAt("namespace"),
            ["name"] = ownerMetadata.TextAt("name"),
            ["uid"] = ownerMetadata.TextAt("uid"),
            ["claimedAt"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                made.Add(await store.CreateAsync(workspace, key, claim, ct));
                return true;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.AlreadyExists)
            {
            }

            var existing = await store.GetAsync(workspace, key, ct: ct);
            if (existing is null)
            {
                continue; // released meanwhile: claim it afresh
            }

            var holder = JsonNode.Parse(existing.Value) as JsonObject ?? [];
            if (holder.TextAt("uid") == ownerMetadata.TextAt("uid"))
            {
                return true; // ours already, from an earlier write of the same Service
            }

            if (await IsHeldAsync(holder, uses, ct))
            {
                return false;
            }

            try
            {
                made.Add(await store.UpdateAsync(workspace, key, claim, existing.Revision, ct));
                return true;
            }
            catch (StoreException e) when (e.Code is StoreErrorCode.Conflict or StoreErrorCode.NotFound)
            {
                // Someone else moved first: look again.
            }
        }

        return false;
    }

    /// <summary>The write these claims were for succeeded: keep them.</summary>
    public void Keep() => kept = true;

    public async ValueTask DisposeAsync()
    {
        if (kept)
        {
            return;
        }

        foreach (var claim in made)
        {
            try
            {
                await store.DeleteAsync(workspace, claim.Key, claim.Revision);
            }
            catch (StoreException)
            {
                // Taken over or gone already; a leftover claim is reclaimed by the next claimant anyway.
            }
        }
    }

    private async Task<bool> IsHeldAsync(JsonObject holder, Func<JsonObject, bool> uses, CancellationToken ct)
    {
        // One read of the holder's key, so its state cannot move between two looks at it.
        var serviceKey = ResourceKeys.For(ServiceAllocator.Services, holder.TextAt("namespace"), holder.TextAt("name"));
        var history = await store.HistoryAsync(workspace, serviceKey, ct);
        var uid = holder.TextAt("uid");
        if (history.Count > 0 && history[^1] is { Type: not WatchEventType.Deleted } latest && Uid(latest) == uid)
        {
            return uses(ObjectJson.FromStore(latest.Object));
        }

        if (history.Any(e => Uid(e) == uid))
        {
            return false; // the holder existed and is gone (or was replaced by another of its name)
        }

        var claimedAt = DateTimeOffset.TryParse(holder.TextAt("claimedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;
        return time.GetUtcNow() - claimedAt <= InFlightGrace; // a create in flight, unless it never came
    }

    private static string? Uid(WatchEvent e) => (JsonNode.Parse(e.Object.Value) as JsonObject)?.ObjectAt("metadata")?.TextAt("uid");
}
