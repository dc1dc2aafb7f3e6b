using System.Text.Json;
using Berth.Bench;
using Berth.Bench.Store;
using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;

// The store benchmark (issue 3, item 5). bench/run.sh starts a throwaway PostgreSQL and an etcd,
// runs the etcd driver, then this harness, which runs every PostgreSQL phase and writes
// results.json and results.md (the tables bench/README.md shows).
if (HarnessArgs.Parse(Options.Parse, args) is not { } options)
{
    return 2;
}

if (options.ReportFrom is { } saved)
{
    // Re-render results.md from a results.json (e.g. after a change to the report's layout).
    await ReportText.RerenderAsync<BenchResults>(saved, loaded => Report.Markdown(loaded, options));
    return 0;
}

Payload.Load(options.PayloadPath);
Directory.CreateDirectory(options.OutDirectory);
var results = new BenchResults { StartedAt = DateTimeOffset.UtcNow, Quick = options.Quick, MaxOther = options.MaxOther };

await CpuSnapshot.FindPostmasterAsync(options.ConnectionString);
BatchMeter.Start();
if (options.Phases.Contains("machine"))
{
    results.Machine = await MachineInfo.CollectAsync(options.ConnectionString);
}

async Task<(string Conn, DatastoreConfig Config)> FreshDatabaseAsync(string name)
{
    await Pg.RecreateDatabaseAsync(options.ConnectionString, name);
    var conn = Pg.Builder(options.ConnectionString, name).ConnectionString;
    var config = DatastoreConfig.Parse(conn, Path.GetTempPath());
    await Migrator.MigrateAsync(config);
    return (conn, config);
}

async Task<IRevisionStore?> TryOpenAsync(DatastoreConfig config)
{
    try
    {
        var storeOptions = new RevisionStoreOptions { ListCache = false }; // these figures are the database's
        return await RevisionStores.OpenAsync(config, options.WriteLinger is { } linger ? storeOptions with { WriteLinger = linger } : storeOptions);
    }
    catch (NotImplementedException)
    {
        results.Notes.Add("RevisionStores.OpenAsync is not implemented at this commit: store columns are empty.");
        Log.Info("store: not implemented at this commit, store phases skipped");
        return null;
    }
}

if (options.Phases.Overlaps(["writes", "pgbench"]))
{
    var (conn, config) = await FreshDatabaseAsync("berth_bench_writes");
    if (options.Phases.Contains("writes"))
    {
        var store = await TryOpenAsync(config);
        results.Writes = await new WriteBench(conn, store, options).RunAsync();
        if (store != null)
        {
            await store.DisposeAsync();
        }
    }

    if (options.Phases.Contains("pgbench"))
    {
        results.PgBench = await PgBench.RunAsync(conn, options);
    }
}

if (options.Phases.Contains("watch"))
{
    var (_, config) = await FreshDatabaseAsync("berth_bench_watch");
    var store = await TryOpenAsync(config);
    if (store != null)
    {
        await using (store)
        {
            results.Watch = await new WatchBench(store, options).RunAsync();
        }
    }
}

if (options.Phases.Contains("list"))
{
    var (conn, config) = await FreshDatabaseAsync("berth_bench_list");
    var probe = await TryOpenAsync(config);
    if (probe != null)
    {
        await probe.DisposeAsync();
        results.List = await new ListBench(conn, async () => (await TryOpenAsync(config))!, options).RunAsync();
    }
}

var etcdFile = Path.Combine(options.OutDirectory, "etcd.jsonl");
if (File.Exists(etcdFile))
{
    results.Etcd = File.ReadLines(etcdFile).Where(l => l.TrimStart().StartsWith('{'))
        .Select(l => JsonSerializer.Deserialize<EtcdSample>(l, ReportText.Json)!).ToList();
}

results.FinishedAt = DateTimeOffset.UtcNow;
await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.json"), JsonSerializer.Serialize(results, ReportText.Json));
var markdown = Report.Markdown(results, options);
await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.md"), markdown);
Console.WriteLine(markdown);
return 0;
