using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store.Support;

/// <summary>
/// Base of the conformance suite: every behaviour is written once here and run against each
/// driver by the nested <c>Postgres</c> and <c>Sqlite</c> classes of each area.
/// </summary>
public abstract class StoreContract(StoreFixture fixture)
{
    protected StoreFixture Fixture => fixture;

    protected IRevisionStore Store => fixture.Store;

    /// <summary>A workspace no other test writes to, so each test starts at revision 0.</summary>
    protected static string NewWorkspace() => "t" + Guid.NewGuid().ToString("N");

    /// <summary>The small JSON object every test stores: <c>{"v":...}</c>.</summary>
    protected static byte[] V(object v) => Json.Of(new { v });

    /// <summary>Reads a whole list page by page, following continue tokens to the end.</summary>
    protected async Task<List<ListPage>> PagesAsync(string workspace, string prefix, int limit)
    {
        var pages = new List<ListPage> { await Store.ListAsync(workspace, prefix, limit) };
        while (pages[^1].Continue is { } token)
        {
            Assert.True(pages.Count < 10_000, "the list never ended");
            pages.Add(await Store.ListAsync(workspace, prefix, limit, token));
        }

        return pages;
    }

    /// <summary>Creates each key with the value <c>{"v":key}</c>, in the order given; returns them by key.</summary>
    protected Task<Dictionary<string, KeyValue>> CreateAllAsync(string workspace, params string[] keys) =>
        CreateAllAsync(Store, workspace, keys);

    protected static async Task<Dictionary<string, KeyValue>> CreateAllAsync(IRevisionStore store, string workspace, params string[] keys)
    {
        var created = new Dictionary<string, KeyValue>();
        foreach (var key in keys)
        {
            created[key] = await store.CreateAsync(workspace, key, V(key));
        }

        return created;
    }
}
