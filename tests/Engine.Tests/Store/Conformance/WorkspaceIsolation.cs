using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>Each workspace is its own cluster: its own keys, its own revision counter, nothing visible across.</summary>
public abstract class WorkspaceIsolation(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task The_same_key_in_two_workspaces_is_two_independent_objects()
    {
        var (acme, globex) = (NewWorkspace(), NewWorkspace());
        var inAcme = await Store.CreateAsync(acme, "pods/web", V("acme"));
        var inGlobex = await Store.CreateAsync(globex, "pods/web", V("globex"));

        await Store.UpdateAsync(acme, "pods/web", V("acme 2"), inAcme.Revision);
        await Store.DeleteAsync(acme, "pods/web");

        StoreAssert.Is(await Store.GetAsync(globex, "pods/web"), "pods/web", V("globex"), inGlobex.Revision, inGlobex.Revision);
        await StoreAssert.FailsWith(StoreErrorCode.AlreadyExists, () => Store.CreateAsync(globex, "pods/web", V("again")));
    }

    [Fact]
    public async Task Each_workspace_counts_its_own_revisions()
    {
        var (acme, globex) = (NewWorkspace(), NewWorkspace());

        await CreateAllAsync(acme, "pods/a", "pods/b", "pods/c");
        var first = await Store.CreateAsync(globex, "pods/a", V(1));

        Assert.Equal(1, first.Revision);
        Assert.Equal(3, await Store.CurrentRevisionAsync(acme));
        Assert.Equal(1, await Store.CurrentRevisionAsync(globex));
    }

    [Fact]
    public async Task Get_list_and_history_in_one_workspace_never_see_another()
    {
        // Workspace and key chosen so that a store joining them without a separator would collide:
        // "x" + "ab/1" and "xa" + "b/1" both spell "xab/1".
        var x = NewWorkspace();
        var xa = x + "a";
        await Store.CreateAsync(x, "ab/1", V("x"));
        await Store.CreateAsync(xa, "b/1", V("xa"));

        Assert.Null(await Store.GetAsync(xa, "ab/1"));
        Assert.Null(await Store.GetAsync(x, "b/1"));
        Assert.Equal(["ab/1"], (await Store.ListAsync(x, "")).Items.Select(i => i.Key));
        Assert.Equal(["b/1"], (await Store.ListAsync(xa, "")).Items.Select(i => i.Key));
        Assert.Empty(await Store.HistoryAsync(xa, "ab/1"));
    }

    [Fact]
    public async Task A_watch_in_one_workspace_never_sees_another()
    {
        var (acme, globex) = (NewWorkspace(), NewWorkspace());
        await using var watch = await Store.WatchAsync(acme, "", 0);

        await CreateAllAsync(globex, "pods/a", "pods/b");
        var mine = await Store.CreateAsync(acme, "pods/mine", V("mine"));

        var events = await watch.TakeThroughAsync(mine.Revision);
        Assert.Equal(["pods/mine"], events.Select(e => e.Object.Key));
    }

    [Fact]
    public async Task Compacting_one_workspace_leaves_another_readable_at_old_revisions()
    {
        var (acme, globex) = (NewWorkspace(), NewWorkspace());
        await CreateAllAsync(acme, "pods/a", "pods/b", "pods/c");
        var old = await Store.CreateAsync(globex, "pods/a", V(1));
        await Store.UpdateAsync(globex, "pods/a", V(2), old.Revision);
        await CreateAllAsync(globex, "pods/b", "pods/c");

        await Store.CompactAsync(acme, 3);

        Assert.Equal(0, await Store.CompactedRevisionAsync(globex));
        StoreAssert.Is(await Store.GetAsync(globex, "pods/a", atRevision: 1), "pods/a", V(1), 1, 1);
    }

    public static TheoryData<string> InvalidWorkspaceNames => ["", "Acme", "acme/prod", new string('a', 64)];

    [Theory]
    [MemberData(nameof(InvalidWorkspaceNames))]
    public async Task Every_call_rejects_an_invalid_workspace_name_with_InvalidArgument(string workspace)
    {
        var calls = new (string Name, Func<Task> Call)[]
        {
            ("create", () => Store.CreateAsync(workspace, "pods/a", V(1))),
            ("update", () => Store.UpdateAsync(workspace, "pods/a", V(1), 1)),
            ("delete", () => Store.DeleteAsync(workspace, "pods/a")),
            ("get", () => Store.GetAsync(workspace, "pods/a")),
            ("list", () => Store.ListAsync(workspace, "pods/")),
            ("history", () => Store.HistoryAsync(workspace, "pods/a")),
            ("current revision", () => Store.CurrentRevisionAsync(workspace)),
            ("compacted revision", () => Store.CompactedRevisionAsync(workspace)),
            ("watch", () => Store.WatchAsync(workspace, "pods/", 0)),
            ("compact", () => Store.CompactAsync(workspace, 1)),
        };

        foreach (var (name, call) in calls)
        {
            var e = await Record.ExceptionAsync(call);
            Assert.True(e is StoreException { Code: StoreErrorCode.InvalidArgument },
                $"{name} in workspace '{workspace}': expected InvalidArgument, got {e?.GetType().Name ?? "success"}: {e?.Message}");
        }
    }

    [Fact]
    public async Task A_workspace_is_listed_from_its_first_write_on_and_never_before()
    {
        var (written, untouched) = (NewWorkspace(), NewWorkspace());
        Assert.DoesNotContain(written, await Store.ListWorkspacesAsync());

        await Store.CreateAsync(written, "pods/a", V(1));
        await Store.GetAsync(untouched, "pods/a");

        var listed = await Store.ListWorkspacesAsync();
        Assert.Contains(written, listed);
        Assert.DoesNotContain(untouched, listed);
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task A_workspace_name_of_63_characters_is_valid()
    {
        var longest = NewWorkspace().PadRight(63, '0');

        var created = await Store.CreateAsync(longest, "pods/a", V(1));

        Assert.Equal(1, created.Revision);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : WorkspaceIsolation(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : WorkspaceIsolation(fixture), IClassFixture<SqliteStoreFixture>;
}
