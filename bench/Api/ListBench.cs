using Berth.Engine.Store;

namespace Berth.Bench.Api;

internal sealed record ListTiming(string Mode, string Request, string ServedAs, int Items, int Requests, double Megabytes,
    double MedianMs, double MinMs, double MaxMs, CpuUse Cpu, int Attempts = 1);

internal sealed record ListResult(int Pods, double CreateSeconds, List<ListTiming> Timings);

/// <summary>
/// List time for N pods in one namespace (created through the API, 16 at a time): a full GET of
/// the collection as JSON and as a Table, the Table in pages of 500 as <c>kubectl get pods</c>
/// asks for it, and, as the baseline, the store's own ListAsync of the same key prefix. The modes'
/// runs are interleaved (2 warm-ups each, then the median of the timed runs). Time runs from
/// sending the request to the last byte of the body.
/// </summary>
internal sealed class ListBench(ApiTarget target, string serverConnectionString, Func<Task<IRevisionStore>> openServerStore, Options options)
{
    public const string Namespace = "bench-list";

    /// <summary>The Accept header <c>kubectl get</c> sends (v1.32): a Table if the server prints one, else plain JSON.</summary>
    private const string KubectlGetAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private sealed record Mode(string Name, string Request, string? Accept, int Limit);

    private static readonly Mode[] Modes =
    [
        new("API JSON", "GET …/pods, Accept: application/json", "application/json", 0),
        new("API Table", "GET …/pods, Accept: " + KubeClient.TableAccept, KubeClient.TableAccept, 0),
        new("API Table, pages of 500 (kubectl get pods)", "GET …/pods?limit=500 + continue, kubectl's Accept", KubectlGetAccept, 500),
        new("store ListAsync (baseline)", "IRevisionStore.ListAsync(\"pods/bench-list/\"), no limit, in-process", null, 0),
    ];

    public async Task<ListResult> RunAsync()
    {
        var pods = options.ListPods;
        await target.Tls.EnsureNamespaceAsync(Namespace);
        Log.Info($"list: creating {pods} pods through the API (16 at a time)");
        var t0 = Clock.Now;
        await Parallel.ForEachAsync(Enumerable.Range(0, pods), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await target.Tls.CreatePodAsync(Namespace, target.Pod.Body($"list-{i:D8}"), ct));
        var createSeconds = Math.Round(Clock.Seconds(Clock.Now - t0), 1);
        await Pg.ExecAsync(serverConnectionString, "VACUUM ANALYZE");
        await Pg.ExecAsync(serverConnectionString, "CHECKPOINT");

        await using var store = await openServerStore();
        var (timings, attempts) = await Quiet.RunAsync(options, "list", _ => MeasureOnceAsync(store), t => t[0].Cpu);
        var result = timings.Select(t => t with { Attempts = attempts }).ToList();
        foreach (var t in result)
        {
            Log.Info($"list: {t.Mode}: median {t.MedianMs} ms (min {t.MinMs}, max {t.MaxMs}; {t.Items} items as {t.ServedAs}, {t.Megabytes} MB, {t.Requests} requests; {t.Cpu.Brief})");
        }

        return new ListResult(pods, createSeconds, result);
    }

    private async Task<List<ListTiming>> MeasureOnceAsync(IRevisionStore store)
    {
        var times = Modes.Select(_ => new List<double>()).ToArray();
        var shapes = new (string Kind, int Items, int Requests, long Bytes)[Modes.Length];
        var cpu0 = CpuSnapshot.Take();
        for (var run = -2; run < options.ListRuns; run++) // two warm-up runs, not counted
        {
            for (var m = 0; m < Modes.Length; m++)
            {
                var start = Clock.Now;
                shapes[m] = Modes[m].Accept is null ? await StoreListAsync(store) : await ApiListAsync(Modes[m]);
                var ms = Clock.Ms(Clock.Now - start);
                if (run >= 0)
                {
                    times[m].Add(ms);
                }
            }
        }

        var cpu = CpuSnapshot.Take().Since(cpu0);
        var result = new List<ListTiming>();
        for (var m = 0; m < Modes.Length; m++)
        {
            if (shapes[m].Items != options.ListPods)
            {
                throw new InvalidOperationException($"list ({Modes[m].Name}) returned {shapes[m].Items} items, expected {options.ListPods}");
            }

            result.Add(new ListTiming(Modes[m].Name, Modes[m].Request, shapes[m].Kind, shapes[m].Items, shapes[m].Requests,
                Math.Round(shapes[m].Bytes / 1e6, 2), Math.Round(Stats.Median(times[m]), 2), Math.Round(times[m].Min(), 2),
                Math.Round(times[m].Max(), 2), cpu));
        }

        return result;
    }

    /// <summary>
    /// One whole list through the API, following continue tokens when paged. The bodies are kept and
    /// read only after the last one has arrived, so checking them is not timed.
    /// </summary>
    private async Task<(string Kind, int Items, int Requests, long Bytes)> ApiListAsync(Mode mode)
    {
        var bodies = new List<byte[]>();
        string? next = null;
        do
        {
            var path = $"api/v1/namespaces/{Namespace}/pods" + (mode.Limit > 0 ? $"?limit={mode.Limit}" : "") +
                       (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            var body = await target.Tls.GetAsync(path, mode.Accept!);
            bodies.Add(body);
            next = mode.Limit > 0 ? ListShape.Of(body).Continue : null;
        }
        while (next is not null);

        var shapes = bodies.Select(ListShape.Of).ToList();
        var kinds = string.Join("/", shapes.Select(s => s.Kind).Distinct());
        return (kinds, shapes.Sum(s => s.Count), bodies.Count, bodies.Sum(b => (long)b.Length));
    }

    private static async Task<(string Kind, int Items, int Requests, long Bytes)> StoreListAsync(IRevisionStore store)
    {
        var page = await store.ListAsync(ApiTarget.Workspace, $"pods/{Namespace}/");
        return ("store values", page.Items.Count, 1, page.Items.Sum(i => (long)i.Value.Length));
    }
}
