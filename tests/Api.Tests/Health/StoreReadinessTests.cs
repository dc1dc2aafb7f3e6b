using Berth.Api.Health;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Api.Tests.Health;

public sealed class StoreReadinessTests
{
    private readonly HealthOnlyStore store = new();
    private readonly ManualClock clock = new();

    [Fact]
    public async Task Probes_within_a_second_share_one_datastore_check()
    {
        var readiness = NewReadiness();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => readiness.CheckAsync()));
        await readiness.CheckAsync();

        Assert.All(results, r => Assert.True(r.IsReady));
        Assert.Equal(1, store.Checks);
    }

    [Fact]
    public async Task A_result_older_than_a_second_is_checked_again()
    {
        var readiness = NewReadiness();
        await readiness.CheckAsync();

        clock.Advance(StoreReadiness.CacheFor);
        await readiness.CheckAsync();

        Assert.Equal(2, store.Checks);
    }

    [Fact]
    public async Task A_failing_datastore_makes_it_not_ready_with_the_reason_and_recovery_makes_it_ready()
    {
        var readiness = NewReadiness();
        store.Failure = new StoreException(StoreErrorCode.Unavailable, "cannot reach datastore postgres://db:5432/berth: Connection refused");

        var down = await readiness.CheckAsync();
        store.Failure = null;
        clock.Advance(StoreReadiness.CacheFor);
        var up = await readiness.CheckAsync();

        Assert.False(down.IsReady);
        Assert.Equal("cannot reach datastore postgres://db:5432/berth: Connection refused", down.Reason);
        Assert.True(up.IsReady);
    }

    private StoreReadiness NewReadiness() => new(store, clock, NullLogger<StoreReadiness>.Instance);

    /// <summary>A clock that moves only when told, so "a second later" takes no second.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
    }

    /// <summary>A store that only answers health checks, counting them, failing while <see cref="Failure"/> is set.</summary>
    private sealed class HealthOnlyStore : IRevisionStore
    {
        private int checks;

        public int Checks => checks;

        public Exception? Failure { get; set; }

        public string Driver => "fake";

        public async Task CheckHealthAsync(CancellationToken ct = default)
        {
            Interlocked.Increment(ref checks);
            await Task.Yield();
            if (Failure is { } failure)
            {
                throw failure;
            }
        }

        public Task<KeyValue> CreateAsync(string workspace, string key, byte[] value, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<KeyValue> UpdateAsync(string workspace, string key, byte[] value, long expectedRevision, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<KeyValue> DeleteAsync(string workspace, string key, long? expectedRevision = null, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<KeyValue?> GetAsync(string workspace, string key, long? atRevision = null, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<ListPage> ListAsync(string workspace, string prefix, int limit = 0, string? continueToken = null, long? atRevision = null, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<WatchEvent>> HistoryAsync(string workspace, string key, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<long> CurrentRevisionAsync(string workspace, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken ct = default) => throw new NotSupportedException();

        public Task<long> CompactedRevisionAsync(string workspace, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IWatch> WatchAsync(string workspace, string prefix, long fromRevision, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<CompactResult> CompactAsync(string workspace, long revision, CancellationToken ct = default) => throw new NotSupportedException();

        public Task MarkRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<long?> MarkedRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) => throw new NotSupportedException();

        public Task PurgeWorkspaceAsync(string workspace, CancellationToken ct = default) => throw new NotSupportedException();

        public Task CloseWatchesAsync(string workspace, CancellationToken ct = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
