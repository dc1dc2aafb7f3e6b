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
/// </summary>
internal sealed class ListCache : IAsyncDisposable
{
    /// <summary>How long a list waits for the state to apply the revisions committed before it asked.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);

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
            var want = limit == 0 ? int.MaxValue : limit + 1;
            var items = new List<KeyValue>();
            long at;
            lock (gate)
            {
                at = revision;
                foreach (var value in Range(prefix))
                {
                    if (items.Count >= want)
                    {
                        break;
                    }

                    if (StoreKey.HasPrefix(value.Key, prefix)) // the view's upper bound is inclusive: not the end key itself
                    {
                        items.Add(value);
                    }
                }
            }

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

        /// <summary>The values from <paramref name="prefix"/> to the end of its range, inclusive (the caller drops the end key itself).</summary>
        private IEnumerable<KeyValue> Range(string prefix)
        {
            if (values.Count == 0)
            {
                return [];
            }

            var lower = Probe(prefix);
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

        public int Compare(KeyValue? x, KeyValue? y)
        {
            var a = x!.Key;
            var b = y!.Key;
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
