using Berth.Api.Audit;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Audit;

/// <summary>
/// <see cref="AuditStore.AppendAsync"/> writes a batch as multi-row INSERTs: every row arrives with
/// every field, in the batch's order, and a batch larger than one statement is still stored whole or
/// not at all.
/// </summary>
public sealed class AuditStoreTests
{
    [Fact]
    public Task On_sqlite_a_batch_is_stored_in_order_with_every_field() => InOrderWithEveryField(null);

    [PostgresFact]
    public async Task On_postgres_a_batch_is_stored_in_order_with_every_field()
    {
        await using var db = await TestDatabase.CreateAsync();
        await InOrderWithEveryField(db.ConnectionString);
    }

    [Fact]
    public Task On_sqlite_a_batch_that_fails_in_its_last_statement_stores_nothing() => WholeOrNothing(null);

    [PostgresFact]
    public async Task On_postgres_a_batch_that_fails_in_its_last_statement_stores_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await WholeOrNothing(db.ConnectionString);
    }

    private static async Task InOrderWithEveryField(string? datastore)
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, datastore, controllers: TestServers.NoControllers);
        var store = new AuditStore(server.Datastore);
        var at = new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.Zero);
        // 150 rows: three statements' worth; odd rows leave every nullable field empty.
        var events = Enumerable.Range(0, 150).Select(i => i % 2 == 0
            ? new AuditEvent(at.AddSeconds(i), $"user{i}", $"tok_{i}", "audited", "create", "apps", "deployments", "status", "ns", $"name{i}", 201, "10.0.0.1") { Revision = i + 1 }
            : new AuditEvent(at.AddSeconds(i), null, null, "audited", "delete", null, null, null, null, null, 403, null)).ToList();
        await store.AppendAsync(events[..1], CancellationToken.None);
        await store.AppendAsync(events[1..], CancellationToken.None);

        var read = await store.ReadAsync(new AuditQuery("audited", Limit: 500), CancellationToken.None);
        Assert.Equal(events, read.Reverse().Select(e => e with { Id = 0 }));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Id > p.Second.Id), "ids grow in the order the rows were given");
    }

    private static async Task WholeOrNothing(string? datastore)
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, datastore, controllers: TestServers.NoControllers);
        var store = new AuditStore(server.Datastore);
        var events = Enumerable.Range(0, 100)
            .Select(i => new AuditEvent(DateTimeOffset.UtcNow, "u", null, "whole", i == 99 ? null! : "create", null, null, null, null, null, 201, null))
            .ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(events, CancellationToken.None));
        Assert.Empty(await store.ReadAsync(new AuditQuery("whole"), CancellationToken.None));
    }
}
