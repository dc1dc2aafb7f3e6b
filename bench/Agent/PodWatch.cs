using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Berth.Bench.Agent;

/// <summary>One watch of every pod in the workspace; tells when a pod was first seen Running with its container ready.</summary>
internal sealed class PodWatch(Uri server, string token) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentDictionary<string, TaskCompletionSource> running = new();
    private readonly CancellationTokenSource stop = new();

    public async Task StartAsync()
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.GetAsync("/k8s/default/api/v1/namespaces/default/pods?watch=1", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
        _ = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var pod = JsonNode.Parse(line)?["object"];
                var ready = (bool?)pod?["status"]?["containerStatuses"]?[0]?["ready"] == true;
                if ((string?)pod?["status"]?["phase"] == "Running" && ready && (string?)pod?["metadata"]?["name"] is { } name)
                {
                    Completion(name).TrySetResult();
                }
            }
        });
    }

    public Task RunningAsync(string name, TimeSpan within) => Completion(name).Task.WaitAsync(within);

    public void Dispose()
    {
        stop.Cancel();
        http.Dispose();
        stop.Dispose();
    }

    private TaskCompletionSource Completion(string name) =>
        running.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
