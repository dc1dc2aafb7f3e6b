namespace Berth.Bench.Api;

internal sealed record ProbeSample(string Probe, string Request, string Adds, LoopResult Result, int Attempts);

/// <summary>
/// Where a request's time goes, one client at a time: the same closed loop as the creates, over
/// requests that each add one layer. <c>/livez</c> over plain HTTP is Kestrel and routing alone (the token is sent but not checked there);
/// <c>/livez</c> over HTTPS adds TLS; discovery (<c>/k8s/default/api</c>) adds the token check;
/// a GET of one pod adds a store read and the object's JSON. The create adds the namespace check,
/// admission and the store write. Differences between rows are what each layer costs.
/// </summary>
internal sealed class ProbeBench(ApiTarget target, Options options)
{
    public async Task<List<ProbeSample>> RunAsync()
    {
        await target.Tls.EnsureNamespaceAsync(CreateBench.Namespace);
        await target.Tls.CreatePodAsync(CreateBench.Namespace, target.Pod.Body("probed-00000000"));
        var probes = new (string Name, string Request, string Adds, Func<Task> Op)[]
        {
            ("livez, plain HTTP", "GET /livez", "Kestrel, routing, the request log", () => target.Plain.GetRootAsync("/livez")),
            ("livez, HTTPS", "GET /livez over TLS", "TLS", () => target.Tls.GetRootAsync("/livez")),
            ("discovery, HTTPS + token", "GET /k8s/default/api", "the bearer token check", () => target.Tls.GetAsync("api", "application/json")),
            ("get pod, HTTPS + token", "GET …/namespaces/bench-create/pods/probed-00000000", "a store read and the object's JSON", () => target.Tls.GetAsync($"api/v1/namespaces/{CreateBench.Namespace}/pods/probed-00000000", "application/json")),
        };

        foreach (var probe in probes)
        {
            await ClosedLoop.RunAsync(1, TimeSpan.FromSeconds(0.5), _ => Task.FromResult(new Writer(probe.Op))); // warm-up
        }

        var samples = new List<ProbeSample>();
        foreach (var probe in probes)
        {
            var (result, attempts) = await Quiet.RunAsync(options, $"probe: {probe.Name}",
                _ => ClosedLoop.RunAsync(1, options.CreateDuration / 2, _ => Task.FromResult(new Writer(probe.Op))), r => r.Cpu);
            samples.Add(new ProbeSample(probe.Name, probe.Request, probe.Adds, result, attempts));
            Log.Info($"probe: {probe.Name,-26}: {result.OpsPerSec,7:F0}/s  p50 {result.P50Ms:F3} ms p99 {result.P99Ms:F3} ms  {result.Cpu.Brief}");
        }

        return samples;
    }
}
