using Berth.Engine.Store;

namespace Berth.Bench.Api;

/// <summary>
/// Gives every timed create run the same starting point: the pods the last run made are deleted
/// before the next one starts. Without it the create phase left about 90,000 pods behind in the
/// server (every API run's pods, one namespace), so each run measured a server holding more than
/// the one before, and the paced run measured one holding all of them: not "a create at a
/// sustainable load" but "a create beside the largest cache the harness could make".
/// Deletes go through the store (fast, outside the timed windows); then the sweeper waits until
/// the server's own list shows the namespace empty, so its caches have dropped them too, and
/// vacuums the database, so PostgreSQL's autovacuum of those dead rows does not fall in the next
/// timed run (it did once: a paced run's p99 doubled beside it).
/// </summary>
internal sealed class PodSweeper(ApiTarget target, Func<Task<IRevisionStore>> openServerStore, string serverConnectionString)
{
    private const int Workers = 16;
    private const int Page = 2_000;

    /// <summary>Deletes every pod in <paramref name="namespace"/> of the server's workspace and waits until the server's API lists none.</summary>
    public async Task ClearServerAsync(string @namespace)
    {
        await using (var store = await openServerStore())
        {
            await DeleteAllAsync(store, @namespace);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await AnyPodAsync(@namespace))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the server still lists pods in {@namespace} 2 minutes after they were deleted");
            }

            await Task.Delay(100);
        }

        await Pg.ExecAsync(serverConnectionString, "VACUUM ANALYZE");
    }

    /// <summary>Deletes every pod in <paramref name="namespace"/> of a store (the baseline's own database, <paramref name="connectionString"/>) and vacuums it.</summary>
    public static async Task ClearAsync(IRevisionStore store, string connectionString, string @namespace)
    {
        await DeleteAllAsync(store, @namespace);
        await Pg.ExecAsync(connectionString, "VACUUM ANALYZE");
    }

    private static async Task DeleteAllAsync(IRevisionStore store, string @namespace)
    {
        var prefix = $"pods/{@namespace}/";
        var deleted = 0;
        while (true)
        {
            var page = await store.ListAsync(ApiTarget.Workspace, prefix, Page);
            if (page.Items.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(page.Items, new ParallelOptions { MaxDegreeOfParallelism = Workers },
                async (item, ct) => await store.DeleteAsync(ApiTarget.Workspace, item.Key, ct: ct));
            deleted += page.Items.Count;
        }

        if (deleted > 0)
        {
            Log.Info($"swept {deleted} pods from {@namespace}");
        }
    }

    private async Task<bool> AnyPodAsync(string @namespace)
    {
        var body = await target.Tls.GetAsync($"api/v1/namespaces/{@namespace}/pods?limit=1", "application/json");
        using var list = System.Text.Json.JsonDocument.Parse(body);
        return list.RootElement.GetProperty("items").GetArrayLength() > 0;
    }
}
