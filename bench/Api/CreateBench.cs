using Berth.Engine.Store;

namespace Berth.Bench.Api;

internal sealed record CreateSample(string Kind, int Clients, int Round, LoopResult Result, ServerSide? Server, int Attempts);

/// <summary>
/// Create throughput, closed loop: N clients each POST a pod and wait for the 201 before the next,
/// through the API over TLS as kubectl does (<c>api-create</c>) and over plain HTTP
/// (<c>api-create-plain</c>, to show what TLS costs), and beside them the revision store's own
/// CreateAsync of the very bytes the API stored for such a pod (<c>store-create</c>), in this
/// process, on a database of its own on the same PostgreSQL. Kinds are interleaved within every
/// round and their order rotated, so drift in the machine hits them alike.
/// </summary>
internal sealed class CreateBench(ApiTarget target, Func<Task<IRevisionStore>> openBaselineStore, string baselineConnectionString, PodSweeper sweeper, byte[] storedPod, Options options)
{
    public const string Namespace = "bench-create";
    public static readonly string[] Kinds = ["api-create", "api-create-plain", "store-create"];

    public async Task<List<CreateSample>> RunAsync()
    {
        await target.Tls.EnsureNamespaceAsync(Namespace);
        Log.Info("creates: warm-up (JIT, connections), not reported");
        foreach (var kind in Kinds)
        {
            await RunOneAsync(kind, options.ClientCounts.Max(), "warm", TimeSpan.FromSeconds(options.Quick ? 0.5 : 1.5));
        }

        var samples = new List<CreateSample>();
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var clients in options.ClientCounts)
            {
                for (var i = 0; i < Kinds.Length; i++)
                {
                    var kind = Kinds[(i + round) % Kinds.Length];
                    var ((result, server), attempts) = await Quiet.RunAsync(options, $"creates: {kind} x{clients}", async attempt =>
                    {
                        // A checkpoint before every run, so none of them pays for another's dirty pages.
                        await Pg.ExecAsync(options.ConnectionString, "CHECKPOINT");
                        return await RunOneAsync(kind, clients, $"r{round}a{attempt}", options.CreateDuration);
                    }, r => r.Result.Cpu);
                    samples.Add(new CreateSample(kind, clients, round, result, server, attempts));
                    Log.Info($"creates: round {round + 1}/{options.Rounds} {kind,-16} x{clients,-2}: {result.OpsPerSec,7:F0}/s  " +
                             $"p50 {result.P50Ms:F2} ms p99 {result.P99Ms:F2} ms" +
                             (server is null ? $"  batch {result.MeanBatch}" : $"  server: request {server.RequestMeanMs} ms, store write {server.StoreWriteMeanMs} ms, batch {server.WritesPerGroupCommit}") +
                             $"  {result.Cpu.Brief}");
                }
            }
        }

        return samples;
    }

    private async Task<(LoopResult Result, ServerSide? Server)> RunOneAsync(string kind, int clients, string tag, TimeSpan duration)
    {
        if (kind == "store-create")
        {
            await using var store = await openBaselineStore();
            var result = await ClosedLoop.RunAsync(clients, duration, w => Task.FromResult(StoreWriter(store, $"pods/{Namespace}/{tag}x{clients}w{w}-")));
            await PodSweeper.ClearAsync(store, baselineConnectionString, Namespace);
            return (result, null);
        }

        var client = kind == "api-create" ? target.Tls : target.Plain;
        var before = await target.ScrapeAsync();
        var scheme = client == target.Tls ? "s" : "p";
        var api = await ClosedLoop.RunAsync(clients, duration, w => Task.FromResult(ApiWriter(client, $"{tag}{scheme}x{clients}w{w}-")));
        var server = ServerSide.Between(before, await target.ScrapeAsync(), "POST");
        await sweeper.ClearServerAsync(Namespace);
        return (api, server);
    }

    private Writer ApiWriter(KubeClient client, string prefix)
    {
        var seq = 0;
        return new Writer(() => client.CreatePodAsync(Namespace, target.Pod.Body(prefix + (seq++).ToString("D8"))));
    }

    private Writer StoreWriter(IRevisionStore store, string prefix)
    {
        var seq = 0;
        return new Writer(() => store.CreateAsync(ApiTarget.Workspace, prefix + (seq++).ToString("D8"), storedPod));
    }
}
