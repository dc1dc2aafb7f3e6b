using System.Text.Json;
using Berth.Bench;
using Berth.Bench.Api;
using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;

// The API benchmark (issue 4, Performance). bench/api.sh starts a throwaway PostgreSQL and runs
// this harness, which starts a real `berth server` on it, drives it over HTTP as kubectl would,
// measures the revision store alone beside it, and writes results.json and results.md.
if (HarnessArgs.Parse(Options.Parse, args) is not { } options)
{
    return 2;
}

if (options.ReportFrom is { } saved)
{
    // Re-render results.md from a results.json (e.g. after a change to the report's layout).
    await ReportText.RerenderAsync<ApiBenchResults>(saved, loaded => ApiReport.Markdown(loaded, options));
    return 0;
}

Directory.CreateDirectory(options.OutDirectory);
var results = new ApiBenchResults { StartedAt = DateTimeOffset.UtcNow, Quick = options.Quick, MaxOther = options.MaxOther };
await CpuSnapshot.FindPostmasterAsync(options.ConnectionString);
BatchMeter.Start();
if (options.Phases.Contains("machine"))
{
    results.Machine = await MachineInfo.CollectAsync(options.ConnectionString);
}

// The server gets a database of its own; the store baseline another, so neither's watch cache
// is woken by the other's writes.
async Task<DatastoreConfig> FreshDatabaseAsync(string name)
{
    await Pg.RecreateDatabaseAsync(options.ConnectionString, name);
    return DatastoreConfig.Parse(Pg.Builder(options.ConnectionString, name).ConnectionString, Path.GetTempPath());
}

var serverDb = await FreshDatabaseAsync("berth_bench_api");
var baselineDb = await FreshDatabaseAsync("berth_bench_api_store");
await Migrator.MigrateAsync(baselineDb);
// The baseline is the database read: the server's list cache (memory) is what the API rows may add.
Task<IRevisionStore> OpenStore(DatastoreConfig db) => RevisionStores.OpenAsync(db, new RevisionStoreOptions { ListCache = false });

var dataDirectory = Path.Combine(Path.GetTempPath(), $"berth-bench-api-{Environment.ProcessId}");
await using var server = await BerthServerProcess.StartAsync(options.Berth, serverDb.ConnectionString, dataDirectory);
CpuSnapshot.ServerPid = server.Pid;
Log.Info($"berth server pid {server.Pid} at {server.Address} (log {server.LogPath})");
results.Machine.Add(new("berth server", $"its own process ({BerthServerProcess.RuntimeSettings(options.Berth)}), on {server.Address.Authority}, request log to a file"));
using var target = new ApiTarget(server, new PodManifest(options.PodPath));

// One pod through the API, to learn what the server stores for it: the store baseline writes those bytes.
await target.Tls.EnsureNamespaceAsync(CreateBench.Namespace);
await target.Tls.CreatePodAsync(CreateBench.Namespace, target.Pod.Body("probe-00000000"));
byte[] storedPod;
await using (var peek = await OpenStore(serverDb))
{
    storedPod = (await peek.GetAsync(ApiTarget.Workspace, $"pods/{CreateBench.Namespace}/probe-00000000"))?.Value
                ?? throw new InvalidOperationException("the probe pod is not in the server's store under pods/bench-create/");
}

results.RequestBytes = target.Pod.Size("probe-00000000");
results.StoredBytes = storedPod.Length;

// Each timed create run starts with the namespace empty (PodSweeper says why).
var sweeper = new PodSweeper(target, () => OpenStore(serverDb), serverDb.ConnectionString);
try
{
    if (options.Phases.Contains("probes"))
    {
        results.Probes = await new ProbeBench(target, options).RunAsync();
    }

    if (options.Phases.Contains("creates"))
    {
        results.Creates = await new CreateBench(target, () => OpenStore(baselineDb), baselineDb.ConnectionString, sweeper, storedPod, options).RunAsync();
    }

    if (options.Phases.Contains("paced"))
    {
        var top = options.ClientCounts.Max();
        var max = Stats.Median(results.Creates.Where(s => s.Kind == "api-create" && s.Clients == top).Select(s => s.Result.OpsPerSec));
        if (double.IsNaN(max))
        {
            results.Notes.Add("The paced run needs the create phase's maximum: run it with --phases creates,paced.");
        }
        else
        {
            results.Paced = await new PacedBench(target, sweeper, options).RunAsync(max);
        }
    }

    if (options.Phases.Contains("list"))
    {
        results.List = await new ListBench(target, serverDb.ConnectionString, () => OpenStore(serverDb), options).RunAsync();
        if (results.List.Timings.Any(t => t.Mode.Contains("Table", StringComparison.Ordinal) && t.ServedAs != "Table"))
        {
            results.Notes.Add("The server answered the Table requests with plain JSON (no server-side Table printing at this commit): " +
                              "the Table rows time a PodList.");
        }
    }

    if (options.Phases.Contains("watch"))
    {
        results.Watch = await new WatchFanout(target, options).RunAsync();
    }
}
finally
{
    results.FinishedAt = DateTimeOffset.UtcNow;
    await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.json"), JsonSerializer.Serialize(results, ReportText.Json));
}

var markdown = ApiReport.Markdown(results, options);
await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.md"), markdown);
Console.WriteLine(markdown);
return 0;
