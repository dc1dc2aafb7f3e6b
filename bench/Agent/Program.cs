using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Bench.Agent;

// The agent benchmark (issue 6; bench/agent.sh runs it, see bench/README.md, "Agent benchmark"):
// pod start latency (create → Running, as a watch sees it) for pods spread over two `berth agent`
// processes, side by side with plain `docker run -d` of the same image and command, interleaved
// one to one so both see the same machine; then agent resident memory idle and with many pods.
var options = Options.Parse(args);
var work = Directory.CreateTempSubdirectory("berth-bench-agent-").FullName;
var invariant = CultureInfo.InvariantCulture;
Console.Error.WriteLine($"bench: work in {work}");
await using var server = BerthProcess.Start(options.Berth, Path.Combine(work, "server.log"),
    "server", "--data-dir", Path.Combine(work, "server"), "--listen", "127.0.0.1:0", "--disable-agent", "--rate-limit", "0");
var url = new Uri((await server.WaitForAsync(new Regex(@"listening on (\S+)"), TimeSpan.FromMinutes(5))).Groups[1].Value);
var kubeconfig = (await server.WaitForAsync(new Regex(@"Admin kubeconfig for workspace default: (\S+)"), TimeSpan.FromMinutes(1))).Groups[1].Value;
var token = Regex.Match(await File.ReadAllTextAsync(kubeconfig), @"token: (\S+)").Groups[1].Value;
using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var nodes = new[] { ("bench-a", "127.0.0.2"), ("bench-b", "127.0.0.3") };
var agents = new List<BerthProcess>();
try
{
    foreach (var (name, address) in nodes)
    {
        var issued = await http.PostAsync($"/console/v1/workspaces/default/nodes/{name}/credentials", null);
        issued.EnsureSuccessStatusCode();
        var credential = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["credential"]!;
        agents.Add(BerthProcess.Start(options.Berth, Path.Combine(work, $"{name}.log"),
            "agent", "--server", url.ToString(), "--token", credential, "--node-name", name, "--address", address, "--data-dir", Path.Combine(work, name)));
    }

    foreach (var agent in agents)
    {
        await agent.WaitForAsync(new Regex("registered with"), TimeSpan.FromMinutes(1));
    }

    await Task.Delay(TimeSpan.FromSeconds(5)); // settle before reading idle memory
    var idle = agents.Select(a => a.ResidentMiB()).ToList();
    Console.Error.WriteLine($"bench: agents idle at {string.Join(", ", idle.Select(m => m.ToString("0.0", invariant)))} MiB");

    // Latency: one pod at a time, alternating nodes, each followed by one `docker run -d`.
    using var watch = new PodWatch(url, token);
    await watch.StartAsync();
    var podLatencies = new List<double>();
    var dockerLatencies = new List<double>();
    for (var i = 0; i < options.Pods; i++)
    {
        var name = $"lat-{i}";
        var node = nodes[i % nodes.Length].Item1;
        var started = Stopwatch.GetTimestamp();
        var created = await http.PostAsync("/k8s/default/api/v1/namespaces/default/pods", Pod(name, node, options.Image));
        created.EnsureSuccessStatusCode();
        await watch.RunningAsync(name, TimeSpan.FromMinutes(2));
        podLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        var docker = Stopwatch.GetTimestamp();
        await Run("docker", "run", "-d", "--label", "berth.bench=agent", "--name", $"berth-bench-{i}", options.Image, "sleep", "600");
        dockerLatencies.Add(Stopwatch.GetElapsedTime(docker).TotalMilliseconds);
    }

    // Memory with many pods on one node.
    var dense = new List<string>();
    for (var i = 0; i < options.Dense; i++)
    {
        dense.Add($"dense-{i}");
        (await http.PostAsync("/k8s/default/api/v1/namespaces/default/pods", Pod($"dense-{i}", nodes[0].Item1, options.Image))).EnsureSuccessStatusCode();
    }

    foreach (var name in dense)
    {
        await watch.RunningAsync(name, TimeSpan.FromMinutes(5));
    }

    // A reading a second for 20 s with every pod running (two stats samples, sync rounds and status
    // reports): resident memory moves with each collection, so one reading could land anywhere.
    var readings = new List<MemorySample>();
    for (var i = 0; i < 20; i++)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        readings.Add(agents[0].Memory());
    }

    var denseMemory = readings.MaxBy(r => r.Rss)!;
    var denseCount = dense.Count + ((options.Pods + 1) / 2);

    var report = Report(options, idle, podLatencies, dockerLatencies, denseMemory, readings, denseCount);
    Console.WriteLine(report);
    Directory.CreateDirectory(options.Out);
    await File.WriteAllTextAsync(Path.Combine(options.Out, "results.md"), report);
}
finally
{
    foreach (var agent in agents)
    {
        await agent.DisposeAsync();
    }

    await Run("sh", "-c", "docker ps -aq --filter label=berth.bench=agent --filter label=berth.io/node=bench-a --filter label=berth.io/node=bench-b | xargs -r docker rm -f >/dev/null; " +
                          "docker ps -aq --filter label=berth.io/node=bench-a | xargs -r docker rm -f >/dev/null; docker ps -aq --filter label=berth.io/node=bench-b | xargs -r docker rm -f >/dev/null; " +
                          "docker ps -aq --filter label=berth.bench=agent | xargs -r docker rm -f >/dev/null");
}

static StringContent Pod(string name, string node, string image) => new($$"""
    { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "{{name}}" },
      "spec": { "nodeName": "{{node}}", "terminationGracePeriodSeconds": 0,
                "containers": [{ "name": "main", "image": "{{image}}", "imagePullPolicy": "Never", "command": ["sleep", "600"] }] } }
    """, Encoding.UTF8, "application/json");

static async Task Run(string program, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {await error}");
    }

    await output;
}

static string Report(Options options, List<double> idle, List<double> pods, List<double> docker, MemorySample denseMemory, List<MemorySample> readings, int denseCount)
{
    static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    var c = CultureInfo.InvariantCulture;
    var (p50, p99, d50, d99) = (Percentile(pods, 0.5), Percentile(pods, 0.99), Percentile(docker, 0.5), Percentile(docker, 0.99));
    return string.Join('\n',
        $"Agent benchmark: {options.Pods} pods one at a time over 2 agents (127.0.0.2, 127.0.0.3), each followed by one `docker run -d`; image {options.Image}; {Environment.ProcessorCount} CPUs; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
        "",
        "| start latency | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|",
        string.Create(c, $"| pod: POST → Running (watch) | {p50:0} | {p99:0} | {pods.Max():0} |"),
        string.Create(c, $"| docker run -d (CLI, to started) | {d50:0} | {d99:0} | {docker.Max():0} |"),
        string.Create(c, $"| difference | {p50 - d50:+0;-0} | {p99 - d99:+0;-0} | |"),
        "",
        "| agent resident memory (VmRSS) | MiB |",
        "|---|---:|",
        string.Create(c, $"| idle, no pods (each agent) | {string.Join(" / ", idle.Select(m => m.ToString("0.0", c)))} |"),
        string.Create(c, $"| with {denseCount} running pods (agent bench-a), highest of 20 readings a second apart | {denseMemory.Rss:0.0} |"),
        string.Create(c, $"| … median of those readings | {Percentile(readings.Select(r => r.Rss).ToList(), 0.5):0.0} |"),
        "",
        "| that highest reading, made of (MiB) | anonymous | mapped files (shared) | shmem (JIT code, W^X double mapping) | PSS |",
        "|---|---:|---:|---:|---:|",
        string.Create(c, $"| agent bench-a, {denseCount} pods | {denseMemory.Anon:0.0} | {denseMemory.File:0.0} | {denseMemory.Shmem:0.0} | {denseMemory.Pss:0.0} |"),
        "",
        string.Create(c, $"Targets: pod p50 ≤ docker run p50 + 300 ms: {(p50 <= d50 + 300 ? "met" : "not met")} ({p50:0} vs {d50:0} + 300); agent RSS < 80 MB with 100 pods: {(denseMemory.Rss * 1.048576 < 80 ? "met" : "not met")} ({denseMemory.Rss * 1.048576:0.0} MB at the highest reading)."),
        "");
}

internal sealed record Options(string Berth, int Pods, int Dense, string Image, string Out)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new Options(
            Path.GetFullPath(Value("--berth", "./berth")),
            int.Parse(Value("--pods", "50"), CultureInfo.InvariantCulture),
            int.Parse(Value("--dense", "75"), CultureInfo.InvariantCulture),
            Value("--image", "berth.local/busybox:test"),
            Path.GetFullPath(Value("--out", "bench/results/agent")));
    }
}
