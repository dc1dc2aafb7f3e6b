using System.Collections.Concurrent;
using System.Diagnostics;
using Berth.Engine.Store.Keys;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Store.Watch;

/// <summary>
/// Serves the lists of a workspace that is being listed from memory: the workspace's whole current
/// state, loaded once and then kept by a watch of the workspace, as kube-apiserver's watch cache
/// serves lists instead of etcd. A list is still consistent ("now", as from the database): it
/// reads the workspace's head revision (one small query) and is answered from memory only once the
/// state has applied every revision up to it; otherwise, or while the state is loading, or after
/// its watch ended, the caller reads the database as before. A workspace's state goes when no list
/// has used it for <see cref="IdleAfter"/>.
/// <para>
/// A list at an older revision (the next page of a list, whose continue token names the first page's
/// revision) is answered from memory when no write since that revision touched a key the page or a
/// later one reads: then those keys are now exactly what they were then. The state keeps the keys
/// of its last <see cref="ChangesKept"/> writes to know it; a revision older than that, or than the
/// load, is read from the database.
/// </para>
/// </summary>
internal sealed class ListCache : IAsyncDisposable
{
    /// <summary>How long a list waits for the state to apply the revisions committed before it asked.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);

    /// <summary>How many of the latest writes a state remembers the keys of, for lists at an older revision.</summary>
    private const int ChangesKept = 10_000;

    private readonly Func<string, CancellationToken, Task<ListPage>> readAll;
    private readonly Func<string, long, CancellationToken, Task<IWatch>> watch;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, WorkspaceState> states = new(StringComparer.Ordinal);
    private readonly Timer sweep;
    private long servedFromMemory;

    /// <param name="readAll">Lists the whole workspace from the database (never through this cache).</param>
    /// <param name="watch">Watches the whole workspace from a revision.</param>
    public ListCache(Func<string, CancellationToken, Task<ListPage>> readAll, Func<string, long, CancellationToken, Task<IWatch>> watch, ILogger logger)
    {
        this.readAll = readAll;
        this.watch = watch;
        this.logger = logger;
        sweep = new Timer(_ => DropIdle(), null, IdleAfter, IdleAfter);
    }

    /// <summary>
    /// The live keys under <paramref name="prefix"/> as of a revision at or after <paramref name="head"/>
    /// (a page of <paramref name="limit"/>, 0 for all, whose continue token reads on from the
    /// database at the same revision); null when memory cannot answer (the caller reads the database).
    /// </summary>
    public async Task<ListPage?> TryListAsync(string workspace, string prefix, int limit, long head, CancellationToken ct)
    {
        var state = states.GetOrAdd(workspace, w => new WorkspaceState(w, this));
        state.Touch();
        if (!await state.WaitForAsync(head, ct))
        {
            return null;
        }

        Interlocked.Increment(ref servedFromMemory);
        return state.Page(prefix, limit);
    }

    /// <summary>
    /// The live keys under <paramref name="prefix"/> after <paramref name="after"/> (or from it, when not
    /// <paramref name="afterIsExclusive"/>) as of <paramref name="revision"/>, which the caller has checked
    /// is neither compacted nor in the future; a page of <paramref name="limit"/> (0 for all) with the
    /// database's continue token. Null when memory cannot tell it is what the database holds at that
    /// revision: no state of a workspace being listed, one that cannot reach it, or a later write under
    /// the range.
    /// </summary>
    public async Task<ListPage?> TryListAtAsync(string workspace, string prefix, string after, bool afterIsExclusive, int limit, long revision, CancellationToken ct)
    {
        // Only a workspace being listed: a page at a revision never starts loading one.
        if (!states.TryGetValue(workspace, out var state))
        {
            return null;
        }

        state.Touch();
        if (!await state.WaitForAsync(revision, ct) || state.PageAt(prefix, after, afterIsExclusive, limit, revision) is not { } page)
        {
            return null;
        }

        Interlocked.Increment(ref servedFromMemory);
        return page;
    }

    /// <summary>How many lists memory has answered (tests read it to know the cache is used).</summary>
    public long ServedFromMemory => Interlocked.Read(ref servedFromMemory);

    /// <summary>Forgets a workspace's state (its objects were moved or removed): the next list loads it again.</summary>
    public void Forget(string workspace)
    {
        if (states.TryRemove(workspace, out var state))
        {
            state.Stop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await sweep.DisposeAsync();
        foreach (var workspace in states.Keys)
        {
            Forget(workspace);
        }
    }

    private void DropIdle()
    {
        foreach (var (workspace, state) in states)
        {
            if (state.IdleFor > IdleAfter && states.TryRemove(new KeyValuePair<string, WorkspaceState>(workspace, state)))
            {
                state.Stop();
            }
        }
    }

    /// <summary>One workspace's current state: a key-ordered map of its live values and the revision it holds.</summary>
    private sealed class WorkspaceState
    {
        private readonly object gate = new();
        private readonly string workspace;
        private readonly ListCache owner;
        private readonly CancellationTokenSource stopping = new();
        private readonly SortedSet<KeyValue> values = new(ByKey.Instance);

        // The keys of the latest writes, in revision order; every write after trackedSince is in it.
        private readonly List<(long Revision, string Key)> changes = [];
        private long trackedSince = long.MaxValue;
        private TaskCompletionSource advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long revision = -1; // -1: still loading
        private bool ended;
        private long lastUsed = Stopwatch.GetTimestamp();

        public WorkspaceState(string workspace, ListCache owner)
        {
            this.workspace = workspace;
            this.owner = owner;
            _ = Task.Run(RunAsync);
        }

        public TimeSpan IdleFor => Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUsed));

        public void Touch() => Interlocked.Exchange(ref lastUsed, Stopwatch.GetTimestamp());

        /// <summary>True once every revision up to <paramref name="head"/> is applied; false if that takes too long or the state cannot get there.</summary>
        public async Task<bool> WaitForAsync(long head, CancellationToken ct)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(CatchUpLimit.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                Task next;
                lock (gate)
                {
                    if (ended || revision < 0)
                    {
                        return false; // a list never waits for a load: the database answers this one
                    }

                    if (revision >= head)
                    {
                        return true;
                    }

                    next = advanced.Task;
                }

                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }

                await next.WaitAsync(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency), ct).ContinueWith(_ => { }, TaskScheduler.Default);
                ct.ThrowIfCancellationRequested();
            }
        }

        public ListPage Page(string prefix, int limit)
        {
            List<KeyValue> items;
            long at;
            lock (gate)
            {
                at = revision;
                items = Collect(prefix, prefix, false, limit);
            }

            return Finish(items, at, limit);
        }

        /// <summary>The page at <paramref name="at"/> (at most the state's revision), or null if a write since then touched a key it or a later page reads.</summary>
        public ListPage? PageAt(string prefix, string after, bool afterIsExclusive, int limit, long at)
        {
            List<KeyValue> items;
            lock (gate)
            {
                if (ended || at < trackedSince)
                {
                    return null; // forgotten (purged, renamed) since the wait, or older than what the state knows
                }

                for (var i = changes.Count - 1; i >= 0 && changes[i].Revision > at; i--)
                {
                    var key = changes[i].Key;
                    var order = ByKey.Compare(key, after);
                    if (StoreKey.HasPrefix(key, prefix) && (order > 0 || (order == 0 && !afterIsExclusive)))
                    {
                        return null;
                    }
                }

                items = Collect(prefix, after, afterIsExclusive, limit);
            }

            return Finish(items, at, limit);
        }

        /// <summary>Up to <paramref name="limit"/> + 1 live values under <paramref name="prefix"/> from <paramref name="after"/> on (all for 0); under the lock.</summary>
        private List<KeyValue> Collect(string prefix, string after, bool afterIsExclusive, int limit)
        {
            var want = limit == 0 ? int.MaxValue : limit + 1;
            var items = new List<KeyValue>();
            foreach (var value in Range(prefix, after))
            {
                if (items.Count >= want)
                {
                    break;
                }

                // The view's upper bound is inclusive: not the end key itself; nor the key a page continues after.
                if (StoreKey.HasPrefix(value.Key, prefix) && !(afterIsExclusive && value.Key == after))
                {
                    items.Add(value);
                }
            }

            return items;
        }

        /// <summary>The page of <paramref name="items"/> at <paramref name="at"/>, as the database makes it: with a continue token when more follow.</summary>
        private static ListPage Finish(List<KeyValue> items, long at, int limit)
        {
            if (limit > 0 && items.Count > limit)
            {
                items.RemoveRange(limit, items.Count - limit);
                return new ListPage(items, at, new ContinueToken(at, items[^1].Key).Encode());
            }

            return new ListPage(items, at, null);
        }

        public void Stop()
        {
            lock (gate)
            {
                ended = true;
                advanced.TrySetResult();
            }

            stopping.Cancel();
        }

        private async Task RunAsync()
        {
            try
            {
                var all = await owner.readAll(workspace, stopping.Token);
                await using var changes = await owner.watch(workspace, all.Revision, stopping.Token);
                lock (gate)
                {
                    values.UnionWith(all.Items);
                    trackedSince = all.Revision;
                    Advance(all.Revision);
                }

                await foreach (var e in changes.Events.ReadAllAsync(stopping.Token))
                {
                    lock (gate)
                    {
                        values.Remove(Probe(e.Object.Key));
                        if (e.Type != WatchEventType.Deleted)
                        {
                            values.Add(e.Object);
                        }

                        Remember(e.Revision, e.Object.Key);

                        Advance(e.Revision);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // Compacted past, too slow, unavailable, purged: lists read the database until the next one loads it again.
                owner.logger.LogDebug("list cache of workspace {Workspace} ended: {Reason}", workspace, e.Message);
            }
            finally
            {
                owner.states.TryRemove(new KeyValuePair<string, WorkspaceState>(workspace, this));
                Stop();
            }
        }

        private static KeyValue Probe(string key) => new(key, [], 0, 0);

        private void Remember(long at, string key)
        {
            changes.Add((at, key));
            if (changes.Count >= 2 * ChangesKept)
            {
                var dropped = changes.Count - ChangesKept;
                trackedSince = changes[dropped - 1].Revision; // every write after it is still known
                changes.RemoveRange(0, dropped);
            }
        }

        /// <summary>The values from <paramref name="from"/> to the end of <paramref name="prefix"/>'s range, inclusive (the caller drops the end key itself).</summary>
        private IEnumerable<KeyValue> Range(string prefix, string from)
        {
            if (values.Count == 0)
            {
                return [];
            }

            var lower = Probe(from);
            var upper = StoreKey.PrefixEnd(prefix) is { } end ? Probe(end) : values.Max!;
            return ByKey.Instance.Compare(lower, upper) <= 0 ? values.GetViewBetween(lower, upper) : [];
        }

        private void Advance(long to)
        {
            revision = to;
            var reached = advanced;
            advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            reached.TrySetResult();
        }
    }

    /// <summary>
    /// Orders values by key as the database's "C" collation does: by the keys' UTF-8 bytes, which is
    /// code point order. UTF-16 ordinal order differs from it past U+D7FF (a surrogate pair sorts
    /// before U+E000..U+FFFF), so those units are moved into code point order before comparing.
    /// </summary>
    private sealed class ByKey : IComparer<KeyValue>
    {
        public static readonly ByKey Instance = new();

        public int Compare(KeyValue? x, KeyValue? y) => Compare(x!.Key, y!.Key);

        public static int Compare(string a, string b)
        {
            var length = Math.Min(a.Length, b.Length);
            for (var i = 0; i < length; i++)
            {
                if (a[i] != b[i])
                {
                    return CodePointRank(a[i]) - CodePointRank(b[i]);
                }
            }

            return a.Length - b.Length;
        }

        // Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF: they rank after U+E000..U+FFFF.
        private static int CodePointRank(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
