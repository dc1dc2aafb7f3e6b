using System.Threading.Channels;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// An open watch of one kind, as Kubernetes events: the initial ADDED events (if any), then every
/// change the store reports, filtered by the selectors. When nothing happens for a while,
/// <see cref="NextAsync"/> answers with a BOOKMARK at the newest revision seen, so a client can
/// resume from there without a relist.
/// </summary>
public sealed class ObjectWatch : IAsyncDisposable
{
    private readonly IWatch watch;
    private readonly Queue<ObjectEvent> initial;
    private readonly ListOptions options;

    internal ObjectWatch(IWatch watch, IReadOnlyList<ObjectEvent> initial, ListOptions options)
    {
        this.watch = watch;
        this.initial = new Queue<ObjectEvent>(initial);
        this.options = options;
        LastRevision = Math.Max(watch.StartRevision, initial.Count > 0 ? initial[0].Revision : 0);
    }

    /// <summary>The revision of the newest event delivered (or the revision the watch started at).</summary>
    public long LastRevision { get; private set; }

    /// <summary>
    /// The next event; a BOOKMARK (with an object of <paramref name="bookmarkKind"/>) after
    /// <paramref name="bookmarkAfter"/> of silence; null when the store ended the watch cleanly.
    /// Throws <see cref="ResourceException"/> (410 Gone) when the watch fell behind compaction.
    /// </summary>
    public async Task<ObjectEvent?> NextAsync(TimeSpan bookmarkAfter, ResourceType bookmarkKind, CancellationToken ct)
    {
        if (initial.TryDequeue(out var first))
        {
            return first;
        }

        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(bookmarkAfter);
            WatchEvent change;
            try
            {
                change = await watch.Events.ReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return Bookmark(bookmarkKind);
            }
            catch (ChannelClosedException e) when (e.InnerException is null)
            {
                return null;
            }
            catch (ChannelClosedException e) when (e.InnerException is StoreException { Code: StoreErrorCode.Compacted or StoreErrorCode.WatcherTooSlow } inner)
            {
                throw ResourceException.Gone($"too old resource version: {inner.Message}");
            }

            LastRevision = change.Revision;
            var obj = ObjectJson.FromStore(change.Object);
            if (!options.Matches(ObjectView.Of(obj)))
            {
                continue;
            }

            var type = change.Type switch
            {
                WatchEventType.Created => ObjectEvent.Added,
                WatchEventType.Updated => ObjectEvent.Modified,
                _ => ObjectEvent.Deleted,
            };
            return new ObjectEvent(type, obj, change.Revision);
        }
    }

    public ValueTask DisposeAsync() => watch.DisposeAsync();

    private ObjectEvent Bookmark(ResourceType kind)
    {
        var revision = LastRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var obj = new System.Text.Json.Nodes.JsonObject
        {
            ["kind"] = kind.Kind,
            ["apiVersion"] = kind.ApiVersion,
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["resourceVersion"] = revision },
        };
        return new ObjectEvent(ObjectEvent.Bookmark, obj, LastRevision);
    }
}
