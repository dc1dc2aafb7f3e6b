using System.Text;
using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>Create, update and delete: every write appends one revision, and compare-and-swap guards updates and deletes.</summary>
public abstract class Writes(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task A_workspace_never_written_is_at_revision_zero()
    {
        Assert.Equal(0, await Store.CurrentRevisionAsync(NewWorkspace()));
    }

    [Fact]
    public async Task Create_returns_a_positive_revision_that_is_also_the_create_revision()
    {
        var ws = NewWorkspace();

        var created = await Store.CreateAsync(ws, "pods/web", V(1));

        Assert.True(created.Revision > 0, $"revision {created.Revision}");
        StoreAssert.Is(created, "pods/web", V(1), revision: created.Revision, createRevision: created.Revision);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web"), "pods/web", V(1), created.Revision, created.Revision);
    }

    [Fact]
    public async Task Create_of_a_live_key_fails_with_AlreadyExists_and_leaves_it_as_it_was()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));

        await StoreAssert.FailsWith(StoreErrorCode.AlreadyExists, () => Store.CreateAsync(ws, "pods/web", V(2)));

        StoreAssert.Is(await Store.GetAsync(ws, "pods/web"), "pods/web", V(1), created.Revision, created.Revision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"unterminated\": ")]
    [InlineData("not json")]
    public async Task A_value_that_is_not_JSON_is_refused_with_InvalidArgument_and_takes_no_revision(string text)
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));

        await StoreAssert.FailsWith(StoreErrorCode.InvalidArgument, () => Store.CreateAsync(ws, "pods/other", Encoding.UTF8.GetBytes(text)));
        await StoreAssert.FailsWith(StoreErrorCode.InvalidArgument, () => Store.UpdateAsync(ws, "pods/web", Encoding.UTF8.GetBytes(text), created.Revision));

        Assert.Equal(created.Revision, await Store.CurrentRevisionAsync(ws));
    }

    [Fact]
    public async Task Update_at_the_current_revision_appends_a_higher_revision_of_the_same_incarnation()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));

        var updated = await Store.UpdateAsync(ws, "pods/web", V(2), expectedRevision: created.Revision);

        Assert.True(updated.Revision > created.Revision, $"update got {updated.Revision} after {created.Revision}");
        StoreAssert.Is(updated, "pods/web", V(2), updated.Revision, createRevision: created.Revision);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web"), "pods/web", V(2), updated.Revision, created.Revision);
    }

    [Fact]
    public async Task Update_at_a_stale_revision_fails_with_Conflict_naming_the_actual_revision()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        var updated = await Store.UpdateAsync(ws, "pods/web", V(2), created.Revision);

        var conflict = await StoreAssert.FailsWith(StoreErrorCode.Conflict,
            () => Store.UpdateAsync(ws, "pods/web", V(3), expectedRevision: created.Revision));

        Assert.Equal(updated.Revision, conflict.ActualRevision);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web"), "pods/web", V(2), updated.Revision, created.Revision);
    }

    [Fact]
    public async Task Update_of_a_key_that_never_existed_fails_with_NotFound()
    {
        await StoreAssert.FailsWith(StoreErrorCode.NotFound,
            () => Store.UpdateAsync(NewWorkspace(), "pods/ghost", V(1), expectedRevision: 1));
    }

    [Fact]
    public async Task Update_of_a_deleted_key_fails_with_NotFound()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        await Store.DeleteAsync(ws, "pods/web", created.Revision);

        await StoreAssert.FailsWith(StoreErrorCode.NotFound,
            () => Store.UpdateAsync(ws, "pods/web", V(2), expectedRevision: created.Revision));
    }

    [Fact]
    public async Task Delete_of_a_key_that_never_existed_fails_with_NotFound()
    {
        await StoreAssert.FailsWith(StoreErrorCode.NotFound, () => Store.DeleteAsync(NewWorkspace(), "pods/ghost"));
    }

    [Fact]
    public async Task Delete_of_a_deleted_key_fails_with_NotFound()
    {
        var ws = NewWorkspace();
        await Store.CreateAsync(ws, "pods/web", V(1));
        await Store.DeleteAsync(ws, "pods/web");

        await StoreAssert.FailsWith(StoreErrorCode.NotFound, () => Store.DeleteAsync(ws, "pods/web"));
    }

    [Fact]
    public async Task Delete_at_a_stale_revision_fails_with_Conflict_and_keeps_the_key()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        var updated = await Store.UpdateAsync(ws, "pods/web", V(2), created.Revision);

        var conflict = await StoreAssert.FailsWith(StoreErrorCode.Conflict,
            () => Store.DeleteAsync(ws, "pods/web", expectedRevision: created.Revision));

        Assert.Equal(updated.Revision, conflict.ActualRevision);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web"), "pods/web", V(2), updated.Revision, created.Revision);
    }

    [Fact]
    public async Task Delete_at_the_current_revision_returns_the_last_value_with_the_revision_of_the_delete()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        var updated = await Store.UpdateAsync(ws, "pods/web", V(2), created.Revision);

        var deleted = await Store.DeleteAsync(ws, "pods/web", expectedRevision: updated.Revision);

        Assert.Equal(updated.Revision + 1, deleted.Revision);
        StoreAssert.Is(deleted, "pods/web", V(2), revision: updated.Revision + 1, createRevision: created.Revision);
        Assert.Null(await Store.GetAsync(ws, "pods/web"));
    }

    [Fact]
    public async Task Delete_without_an_expected_revision_deletes_whatever_revision_is_live()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        await Store.UpdateAsync(ws, "pods/web", V(2), created.Revision);

        var deleted = await Store.DeleteAsync(ws, "pods/web");

        StoreAssert.Is(deleted, "pods/web", V(2), revision: created.Revision + 2, createRevision: created.Revision);
        Assert.Null(await Store.GetAsync(ws, "pods/web"));
    }

    [Fact]
    public async Task Recreating_a_deleted_key_starts_a_new_incarnation_with_a_greater_create_revision()
    {
        var ws = NewWorkspace();
        var first = await Store.CreateAsync(ws, "pods/web", V("first"));
        await Store.DeleteAsync(ws, "pods/web", first.Revision);

        var second = await Store.CreateAsync(ws, "pods/web", V("second"));

        Assert.True(second.CreateRevision > first.CreateRevision, $"re-create got create revision {second.CreateRevision} after {first.CreateRevision}");
        StoreAssert.Is(second, "pods/web", V("second"), second.Revision, createRevision: second.Revision);
        var updated = await Store.UpdateAsync(ws, "pods/web", V("third"), second.Revision);
        Assert.Equal(second.Revision, updated.CreateRevision);
    }

    [Fact]
    public async Task Consecutive_writes_get_consecutive_revisions()
    {
        var ws = NewWorkspace();
        var revisions = new List<long>();
        async Task Record(Task<KeyValue> write)
        {
            revisions.Add((await write).Revision);
            Assert.Equal(revisions[^1], await Store.CurrentRevisionAsync(ws));
        }

        await Record(Store.CreateAsync(ws, "a", V(1)));
        await Record(Store.CreateAsync(ws, "b", V(1)));
        await Record(Store.UpdateAsync(ws, "a", V(2), revisions[0]));
        await Record(Store.DeleteAsync(ws, "b", revisions[1]));
        await Record(Store.CreateAsync(ws, "b", V(2)));
        await Record(Store.DeleteAsync(ws, "a"));

        Assert.Equal(Enumerable.Range(1, 6).Select(r => (long)r), revisions);
    }

    [Fact]
    public async Task A_failed_write_does_not_consume_a_revision()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        var updated = await Store.UpdateAsync(ws, "pods/web", V(2), created.Revision);

        await StoreAssert.FailsWith(StoreErrorCode.AlreadyExists, () => Store.CreateAsync(ws, "pods/web", V(3)));
        await StoreAssert.FailsWith(StoreErrorCode.Conflict, () => Store.UpdateAsync(ws, "pods/web", V(3), created.Revision));
        await StoreAssert.FailsWith(StoreErrorCode.Conflict, () => Store.DeleteAsync(ws, "pods/web", created.Revision));
        await StoreAssert.FailsWith(StoreErrorCode.NotFound, () => Store.UpdateAsync(ws, "pods/ghost", V(3), updated.Revision));
        await StoreAssert.FailsWith(StoreErrorCode.NotFound, () => Store.DeleteAsync(ws, "pods/ghost"));

        Assert.Equal(updated.Revision, await Store.CurrentRevisionAsync(ws));
        Assert.Equal(updated.Revision + 1, (await Store.CreateAsync(ws, "pods/next", V(1))).Revision);
    }

    [Fact]
    public async Task A_value_reads_back_byte_for_byte_as_written()
    {
        var ws = NewWorkspace();
        // Member order, spacing and non-ASCII text that a re-encoding would change.
        var written = Encoding.UTF8.GetBytes("{\"z\": 1,  \"a\": [true, null, 2.50],\n \"name\": \"caf\u00e9 \u2615\", \"empty\": {}}");

        var created = await Store.CreateAsync(ws, "configmaps/raw", written);

        Assert.Equal(written, (await Store.GetAsync(ws, "configmaps/raw"))!.Value);
        Assert.Equal(written, Assert.Single((await Store.ListAsync(ws, "configmaps/")).Items).Value);
        Assert.Equal(written, (await Store.GetAsync(ws, "configmaps/raw", atRevision: created.Revision))!.Value);
        Assert.Equal(written, Assert.Single(await Store.HistoryAsync(ws, "configmaps/raw")).Object.Value);
    }

    [Fact]
    public async Task An_empty_key_fails_with_InvalidArgument()
    {
        await StoreAssert.FailsWith(StoreErrorCode.InvalidArgument, () => Store.CreateAsync(NewWorkspace(), "", V(1)));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : Writes(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : Writes(fixture), IClassFixture<SqliteStoreFixture>;
}
