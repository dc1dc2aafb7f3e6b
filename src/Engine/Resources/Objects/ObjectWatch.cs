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

    // With selectors, the keys of the objects the client holds as selected: an object that stops
    // matching is DELETED for this watch, one that starts matching ADDED, as Kubernetes' watch cache
    // does. Null when the selectors select everything.
    private readonly HashSet<string>? selected;

    internal ObjectWatch(IWatch watch, IReadOnlyList<ObjectEvent> initial, ListOptions options, IEnumerable<string>? selected)
    {
        this.watch = watch;
        this.initial = new Queue<ObjectEvent>(initial);
        this.options = options;
        this.selected = selected is null ? null : new HashSet<string>(selected, StringComparer.Ordinal);
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
            if (selected is null && options.SelectsEverything)
            {
                // Every change is this watch's as it is: no need to read the object.
                return new ObjectEvent(NaturalType(change.Type), change.Object, change.Revision, parsed: null);
            }

            var obj = ObjectJson.FromStore(change.Object);
            if (EventFor(change.Type, ObjectView.Of(obj)) is { } type)
            {
                return new ObjectEvent(type, change.Object, change.Revision, obj);
            }
        }
    }

    /// <summary>What this watch's client sees of a change: null when nothing (the object is not selected before or after).</summary>
    private string? EventFor(WatchEventType change, ObjectView view)
    {
        var matches = change != WatchEventType.Deleted && options.Matches(view);
        if (selected is null)
        {
            return change != WatchEventType.Deleted && !matches ? null : NaturalType(change);
        }

        var wasSelected = selected.Contains(view.Key);
        if (matches)
        {
            selected.Add(view.Key);
            return wasSelected ? ObjectEvent.Modified : ObjectEvent.Added;
        }

        // Deleted, or no longer matching: the client drops it. Kubernetes sends the previous state
        // here; the log's event carries the new one, which names the same object.
        return selected.Remove(view.Key) ? ObjectEvent.Deleted : null;
    }

    /// <summary>A change as Kubernetes names it when the client sees the object before and after.</summary>
    private static string NaturalType(WatchEventType change) => change switch
    {
        WatchEventType.Created => ObjectEvent.Added,
        WatchEventType.Deleted => ObjectEvent.Deleted,
        _ => ObjectEvent.Modified,
    };

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
