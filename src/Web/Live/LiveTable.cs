using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Printing;

namespace Berth.Web.Live;

/// <summary>
/// The rows of one kind in one workspace, kept current from the process's shared informer (the
/// watch cache the controllers use), so a grid never lists the store: it opens with the informer's
/// cache and then hears each change. Changes are coalesced: <see cref="Changed"/> fires at most
/// every <see cref="CoalesceWindow"/>, so 50 changes a second cost the page a few renders, not 50.
/// </summary>
public sealed class LiveTable : IObjectHandler, IDisposable
{
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, LiveRow> rows = new();
    private readonly Informer informer;
    private readonly ObjectPrinter printer;
    private readonly TimeProvider time;
    private readonly int[] shownCells;
    private readonly Coalescer coalescer;
    private long version;

    private LiveTable(Informer informer, TimeProvider time)
    {
        this.informer = informer;
        this.time = time;
        coalescer = new Coalescer(CoalesceWindow, time, () => Changed?.Invoke());
        printer = ObjectPrinters.For(informer.Type);
        // The columns kubectl shows without -o wide; NAME is the grid's own first column.
        shownCells = printer.Columns.Select((column, index) => (column, index))
            .Where(c => c.column.Priority == 0 && c.column.Format != "name").Select(c => c.index).ToArray();
        Columns = shownCells.Select(i => printer.Columns[i]).ToList();
    }

    public ResourceType Type => informer.Type;

    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Raised (on a pool thread) after changes, at most once per <see cref="CoalesceWindow"/>.</summary>
    public event Action? Changed;

    /// <summary>Grows with every change: a page compares it to skip work when nothing moved.</summary>
    public long Version => Interlocked.Read(ref version);

    public static async Task<LiveTable> OpenAsync(SharedInformers informers, string workspace, ResourceType type, TimeProvider time, CancellationToken ct)
    {
        var informer = await informers.SyncedAsync(workspace, type, ct);
        var table = new LiveTable(informer, time);
        informer.AddHandler(table); // replays the cache as "added", then every change after
        return table;
    }

    /// <summary>The rows of one namespace (null: all), in no particular order.</summary>
    public IEnumerable<LiveRow> Rows(string? @namespace) =>
        @namespace is null ? rows.Values : rows.Values.Where(r => r.Namespace == @namespace);

    public int Count => rows.Count;

    public void OnAdded(CachedObject obj) => Put(obj);

    public void OnUpdated(CachedObject old, CachedObject now)
    {
        if (old.Revision != now.Revision)
        {
            Put(now);
        }
    }

    public void OnDeleted(CachedObject last)
    {
        rows.TryRemove(last.Key, out _);
        Touch();
    }

    public void Dispose() => informer.RemoveHandler(this);

    private void Put(CachedObject obj)
    {
        var printed = printer.Print(obj.Object, time.GetUtcNow());
        var cells = shownCells.Select(i => i < printed.Cells.Count ? Text(printed.Cells[i]) : "").ToList();

        var created = ObjectJsonTime(obj.Object);
        rows[obj.Key] = new LiveRow(obj.Key, obj.Namespace, obj.Name, obj.Revision, cells, created, obj.Object);
        Touch();
    }

    private static DateTimeOffset? ObjectJsonTime(JsonObject obj) =>
        obj["metadata"]?["creationTimestamp"] is JsonValue value && value.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string Text(JsonNode? cell) => cell switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        _ => cell.ToJsonString(),
    };

    private void Touch()
    {
        Interlocked.Increment(ref version);
        coalescer.Signal();
    }
}
