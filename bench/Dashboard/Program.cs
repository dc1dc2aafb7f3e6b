using System.Text.Json;
using Berth.Bench;
using Berth.Bench.Api;
using Berth.Bench.Dashboard;

// The dashboard benchmark (issue 7, Performance). bench/dashboard.sh starts a throwaway PostgreSQL
// and runs this harness, which starts a real `berth server` on it, creates the pods through the
// API, measures the pods page in Chromium and `kubectl get pods` beside it, and writes
// results.json and results.md.
if (HarnessArgs.Parse(Options.Parse, args) is not { } options)
{
    return 2;
}

if (options.ReportFrom is { } saved)
{
    await ReportText.RerenderAsync<DashboardResults>(saved, DashboardReport.Markdown);
    return 0;
}

Directory.CreateDirectory(options.OutDirectory);
var results = new DashboardResults
{
    StartedAt = DateTimeOffset.UtcNow, Quick = options.Quick, Pods = options.Pods, ChurnRate = options.ChurnRate,
    ProbeSeconds = options.ProbeDuration.TotalSeconds,
};
results.Machine = await MachineInfo.CollectAsync(options.ConnectionString);
const string database = "berth_bench_dashboard";
await Pg.RecreateDatabaseAsync(options.ConnectionString, database);

var dataDirectory = Path.Combine(Path.GetTempPath(), $"berth-bench-dashboard-{Environment.ProcessId}");
await using var server = await BerthServerProcess.StartAsync(options.Berth, Pg.Builder(options.ConnectionString, database).ConnectionString,
    dataDirectory, DashboardBench.AdminPassword);
Log.Info($"berth server pid {server.Pid} at {server.Address} (log {server.LogPath})");
results.Machine.Add(new("berth server", $"its own process ({BerthServerProcess.RuntimeSettings(options.Berth)}), on {server.Address.Authority}, PostgreSQL datastore, --disable-agent (pods stay Pending)"));

using var client = new KubeClient(Kubeconfig.Load(server.KubeconfigPath), server.Address, tls: true, maxConnections: 16);
var pod = new PodManifest(options.PodPath);
var names = new PodNames(options.Pods);
await client.EnsureNamespaceAsync(DashboardBench.Namespace);
Log.Info($"creating {options.Pods} pods through the API (16 at a time)");
var t0 = Clock.Now;
await Parallel.ForEachAsync(names.All, new ParallelOptions { MaxDegreeOfParallelism = 16 },
    async (name, ct) => await client.CreatePodAsync(DashboardBench.Namespace, pod.Body(name), ct));
results.CreateSeconds = Clock.Seconds(Clock.Now - t0);

void Add(string section, string name, string method, IEnumerable<double> samples, double? target = null, string percentiles = "p90") =>
    results.Measures.Add(new Measure(section, name, method, percentiles, [.. samples], target));

const string FirstScreen = "First screen";
const string Quiet = "Quiet page";
var churned = $"While {options.ChurnRate:0} pods/s change";
const string Kubectl = "kubectl";

try
{
    // The baseline first, on a quiet server: one warm-up run each (discovery into the cache), then the timed runs.
    var kubectl = new KubectlTimer(options.Kubectl, server.KubeconfigPath, Path.Combine(dataDirectory, "kube-cache"));
    results.Machine.Add(new("kubectl", await kubectl.VersionAsync()));
    string[][] kubectlModes = [["get", "pods", "-n", DashboardBench.Namespace], ["get", "pods", "-n", DashboardBench.Namespace, "--chunk-size=0"]];
    foreach (var mode in kubectlModes)
    {
        Log.Info($"kubectl {string.Join(' ', mode)}");
        await kubectl.TimeAsync(mode);
        var times = new List<double>();
        for (var r = 0; r < options.Runs; r++)
        {
            times.Add(await kubectl.TimeAsync(mode));
        }

        Add(Kubectl, $"`kubectl {string.Join(' ', mode)}`", "process start to exit, the whole list printed (to a pipe)", times);
    }

    await using var bench = await DashboardBench.StartAsync(server.Address, options.Chromium, client, names);
    results.Machine.Add(new("browser", $"{bench.BrowserVersion} (headless, 1366×820), driven by Playwright"));

    Log.Info("first screen");
    var firstScreen = new List<Dictionary<string, double>>();
    Microsoft.Playwright.IPage? page = null;
    for (var r = 0; r <= options.Runs; r++)
    {
        if (page is not null)
        {
            await page.CloseAsync();
        }

        var opened = await bench.OpenAsync();
        page = opened.Page;
        if (r > 0) // the first is a warm-up
        {
            firstScreen.Add(opened.Times);
        }
    }

    results.FirstScreenResources = await DashboardBench.ResourcesAsync(page!);
    void AddFirst(string milestone, string name, string method, double? target = null) =>
        Add(FirstScreen, name, method, firstScreen.Select(t => t[milestone]), target);
    AddFirst("responseEnd", "navigation → HTML received", "the navigation's responseEnd (the server-rendered page, no rows yet)");
    AddFirst("domContentLoaded", "navigation → DOMContentLoaded", "the navigation's domContentLoadedEventEnd (scripts parsed and run)");
    AddFirst("interactive", "navigation → search box usable", "the search box enabled: the circuit is up and the page interactive");
    AddFirst("firstRow", "navigation → first rows in the DOM", "performance.now() at the first `tr[data-name]` (MutationObserver), from navigation start");
    AddFirst("firstRowFrame", "navigation → first rows painted", "the start of the next animation frame after that", 1000);

    var targets = names.FilterTargets().Take(2 * options.Runs + 2).ToList();
    if (targets.Count < 2 * options.Runs + 2)
    {
        throw new InvalidOperationException($"only {targets.Count} names narrow the list at every keystroke; use more --pods");
    }

    async Task MeasurePageAsync(string section, IEnumerable<string> typed)
    {
        var dom = new List<double>();
        var frame = new List<double>();
        var first = true;
        foreach (var suffix in typed)
        {
            var keys = await bench.FilterAsync(page!, suffix);
            if (!first)
            {
                dom.AddRange(keys.Select(k => k.Dom));
                frame.AddRange(keys.Select(k => k.Frame));
            }

            first = false;
        }

        Add(section, "keystroke → filtered rows in the DOM", "keydown's timeStamp to the count text changing to the expected count (MutationObserver)", dom);
        Add(section, "keystroke → filtered rows painted", "… to the start of the next animation frame", frame, 100);

        var appear = new List<double>();
        var vanish = new List<double>();
        for (var r = 0; r <= options.Runs; r++)
        {
            var (a, v) = await bench.ChangeAsync(page!, pod);
            if (r > 0)
            {
                appear.Add(a);
                vanish.Add(v);
            }
        }

        Add(section, "pod created through the API → its row on the page", "wall clock: the POST's start (harness) to the row in the DOM (page)", appear, 1000);
        Add(section, "pod deleted through the API → its row gone", "wall clock: the DELETE's start to the row leaving the DOM", vanish, 1000);

        var (tasks, frames, longTasks) = await DashboardBench.ProbeAsync(page!, options.ProbeDuration);
        Add(section, "main thread: a posted task's delay", "every 100 ms a MessageChannel message; ms until it runs", tasks, percentiles: "p99");
        Add(section, "main thread: next animation frame's delay", "every 100 ms, ms until the next requestAnimationFrame callback (≤ 16.7 on an idle page)", frames, percentiles: "p99");
        Add(section, $"long tasks (> 50 ms) in {options.ProbeDuration.TotalSeconds:0} s", "their durations (PerformanceObserver 'longtask'); the count is the samples", longTasks, percentiles: "p99");
    }

    Log.Info("quiet page: filter, change, responsiveness");
    await MeasurePageAsync(Quiet, targets.Take(options.Runs + 1));

    Log.Info($"under churn: {options.ChurnRate} label patches a second through the API");
    var churn = new ChurnWriter(client, DashboardBench.Namespace, names.All, options.ChurnRate);
    try
    {
        await MeasurePageAsync(churned, targets.Skip(options.Runs + 1));
        results.ChurnAchieved = churn.Achieved;
    }
    finally
    {
        await churn.DisposeAsync();
        results.ChurnFailures = churn.Failures;
    }
}
finally
{
    results.FinishedAt = DateTimeOffset.UtcNow;
    await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.json"), JsonSerializer.Serialize(results, ReportText.Json));
}

var markdown = DashboardReport.Markdown(results);
await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "results.md"), markdown);
Console.WriteLine(markdown);
return 0;
