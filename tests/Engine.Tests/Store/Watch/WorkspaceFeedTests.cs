using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;
using Berth.Engine.Store.Postgres;
using Berth.Engine.Store.Sql;
using Berth.Engine.Store.Watch;
using Berth.Engine.Store.Write;
using Berth.Engine.Tests.Store.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Store.Watch;

public sealed class WorkspaceFeedTests
{
    /// <summary>
    /// A commit in this process wakes its feed, and the commit's NOTIFY wakes it again a moment
    /// later, often while the first read is still under way. That second wake-up names a revision
    /// the read brings, so it must not cost a second query: one read per commit, not two.
    /// </summary>
    [Fact]
    public async Task A_wake_up_for_a_revision_being_read_costs_no_second_read()
    {
        await using var f = await Fixture.StartAsync();
        var (store, driver, feed, watch) = (f.Store, f.Driver, f.Feed, f.Watch);

        var held = driver.HoldNextRead();
        var second = await store.CreateAsync("feed", "b", Json.Of(new { n = 2 }));
        feed.Wake(second.Revision);            // this process's commit
        await held.Started.Task.WaitAsync(Patience.Events);
        feed.Wake(second.Revision);            // its NOTIFY, arriving during the read
        held.Release();
        Assert.Equal(second.Revision, (await watch.TakeAsync(1)).Single().Revision);

        var third = await store.CreateAsync("feed", "c", Json.Of(new { n = 3 }));
        feed.Wake(third.Revision);
        Assert.Equal(third.Revision, (await watch.TakeAsync(1)).Single().Revision);
        Assert.Equal(2, driver.LogReads);
    }

    /// <summary>
    /// "Something may have been missed" (a LISTEN reconnect) names no revision: it always reads,
    /// so a commit whose NOTIFY was lost is still delivered.
    /// </summary>
    [Fact]
    public async Task A_wake_up_that_names_no_revision_reads_the_log()
    {
        await using var f = await Fixture.StartAsync();
        var (store, driver, feed, watch) = (f.Store, f.Driver, f.Feed, f.Watch);

        var missed = await store.CreateAsync("feed", "b", Json.Of(new { n = 2 })); // its wake-up never comes
        feed.Wake(long.MaxValue);
        Assert.Equal(missed.Revision, (await watch.TakeAsync(1)).Single().Revision);
    }

    /// <summary>
    /// A PostgreSQL store holding one object, and a feed of its workspace read through a
    /// <see cref="CountingDriver"/> (no safety polls: only wake-ups make it read), watched from revision 1.
    /// </summary>
    private sealed class Fixture : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> owned = [];

        public IRevisionStore Store { get; private set; } = null!;

        public CountingDriver Driver { get; private set; } = null!;

        public WorkspaceFeed Feed { get; private set; } = null!;

        public IWatch Watch { get; private set; } = null!;

        public static async Task<Fixture> StartAsync()
        {
            var f = new Fixture();
            var datastore = f.Own(await TestDatastore.CreateAsync(DatastoreKind.Postgres));
            await Migrator.MigrateAsync(datastore.Config);
            f.Store = f.Own(await RevisionStores.OpenAsync(datastore.Config));
            await f.Store.CreateAsync("feed", "a", Json.Of(new { n = 1 }));
            f.Driver = f.Own(new CountingDriver(new PostgresDriver(datastore.Config.ConnectionString, "test")));
            f.Feed = f.Own(await WorkspaceFeed.StartAsync("feed", f.Driver, new RevisionStoreOptions { SafetyPollInterval = TimeSpan.FromHours(1) },
                NullLogger.Instance, CancellationToken.None));
            f.Watch = f.Own((await f.Feed.TryOpenAsync("", 1, CancellationToken.None))!);
            return f;
        }

        private T Own<T>(T disposable) where T : IAsyncDisposable
        {
            owned.Add(disposable);
            return disposable;
        }

        public async ValueTask DisposeAsync()
        {
            for (var i = owned.Count - 1; i >= 0; i--)
            {
                await owned[i].DisposeAsync();
            }
        }
    }

    /// <summary>The real driver, counting the feed's log reads and able to hold one back until the test lets it go.</summary>
    private sealed class CountingDriver(IStoreDriver inner) : IStoreDriver
    {
        private int logReads;
        private Hold? hold;

        public int LogReads => Volatile.Read(ref logReads);

        public Hold HoldNextRead() => hold = new Hold();

        public string Name => inner.Name;

        public async Task<LogSlice> ReadLogAsync(string workspace, long afterRevision, int limit, CancellationToken ct)
        {
            Interlocked.Increment(ref logReads);
            if (Interlocked.Exchange(ref hold, null) is { } held)
            {
                held.Started.TrySetResult();
                await held.Released.Task.WaitAsync(ct);
            }

            return await inner.ReadLogAsync(workspace, afterRevision, limit, ct);
        }

        public Task<BatchPlan> CommitBatchAsync(string workspace, IReadOnlyList<WriteOp> ops, CancellationToken ct) => inner.CommitBatchAsync(workspace, ops, ct);

        public Task<WorkspaceHead> ReadHeadAsync(string workspace, CancellationToken ct) => inner.ReadHeadAsync(workspace, ct);

        public Task<IReadOnlyList<string>> ReadWorkspacesAsync(CancellationToken ct) => inner.ReadWorkspacesAsync(ct);

        public Task<CurrentRow?> ReadCurrentAsync(string workspace, string key, CancellationToken ct) => inner.ReadCurrentAsync(workspace, key, ct);

        public Task<LogRow?> ReadAtAsync(string workspace, string key, long revision, CancellationToken ct) => inner.ReadAtAsync(workspace, key, revision, ct);

        public Task<IReadOnlyList<CurrentRow>> ScanCurrentAsync(string workspace, string startKey, bool startInclusive, string? endKey, long tombstonesAfter, int limit, CancellationToken ct) =>
            inner.ScanCurrentAsync(workspace, startKey, startInclusive, endKey, tombstonesAfter, limit, ct);

        public Task<IReadOnlyList<LogRow>> ReadHistoryAsync(string workspace, string key, CancellationToken ct) => inner.ReadHistoryAsync(workspace, key, ct);

        public Task<WorkspaceHead> RaiseCompactedRevisionAsync(string workspace, long revision, CancellationToken ct) => inner.RaiseCompactedRevisionAsync(workspace, revision, ct);

        public Task<long> CompactRangeAsync(string workspace, long fromRevision, long toRevision, long compactRevision, CancellationToken ct) =>
            inner.CompactRangeAsync(workspace, fromRevision, toRevision, compactRevision, ct);

        public Task<long> RemoveTombstonesAsync(string workspace, long compactRevision, CancellationToken ct) => inner.RemoveTombstonesAsync(workspace, compactRevision, ct);

        public Task MarkRevisionAsync(string workspace, long atUnixMs, CancellationToken ct) => inner.MarkRevisionAsync(workspace, atUnixMs, ct);

        public Task<long?> ReadMarkedRevisionAsync(string workspace, long atUnixMs, CancellationToken ct) => inner.ReadMarkedRevisionAsync(workspace, atUnixMs, ct);

        public Task RemoveMarksBelowAsync(string workspace, long compactRevision, CancellationToken ct) => inner.RemoveMarksBelowAsync(workspace, compactRevision, ct);

        public Task PurgeAsync(string workspace, CancellationToken ct) => inner.PurgeAsync(workspace, ct);

        public Task AnnounceClosedAsync(string workspace, CancellationToken ct) => inner.AnnounceClosedAsync(workspace, ct);

        public Task PingAsync(CancellationToken ct) => inner.PingAsync(ct);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Hold
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Released.TrySetResult();
    }
}
