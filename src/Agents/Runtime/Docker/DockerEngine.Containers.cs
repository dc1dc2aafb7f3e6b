using System.Net;
using System.Text.Json;

namespace Berth.Agents.Runtime.Docker;

public sealed partial class DockerEngine
{
    /// <summary>Creates (does not start) a container; 409 when the name is taken, 404 when the image is absent.</summary>
    public async Task<string> CreateContainerAsync(string name, ContainerSpec spec, CancellationToken ct = default) =>
        (await PostAsync($"containers/create?name={Escape(name)}", Body(spec, DockerJson.Default.ContainerSpec), DockerJson.Default.CreatedContainer, ct)).Id;

    /// <summary>Starts a container; starting a running one is not an error.</summary>
    public Task StartContainerAsync(string id, CancellationToken ct = default) =>
        PostAsync($"containers/{Escape(id)}/start", ct, HttpStatusCode.NotModified);

    /// <summary>SIGTERM, then SIGKILL once <paramref name="grace"/> has passed; stopping a stopped container is not an error.</summary>
    public Task StopContainerAsync(string id, TimeSpan grace, CancellationToken ct = default) =>
        PostAsync($"containers/{Escape(id)}/stop?t={(int)Math.Ceiling(grace.TotalSeconds)}", ct, HttpStatusCode.NotModified);

    public Task KillContainerAsync(string id, string signal = "SIGKILL", CancellationToken ct = default) =>
        PostAsync($"containers/{Escape(id)}/kill?signal={Escape(signal)}", ct);

    /// <summary>Removes a container and its anonymous volumes, killing it first when <paramref name="force"/>; a missing one is not an error.</summary>
    public async Task RemoveContainerAsync(string id, bool force = true, CancellationToken ct = default)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"containers/{Escape(id)}?force={Flag(force)}&v=true", null, ct, [HttpStatusCode.NotFound]);
    }

    /// <summary>A container's state, or null when there is no such container.</summary>
    public async Task<ContainerInspect?> InspectContainerAsync(string id, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"containers/{Escape(id)}/json", null, ct, [HttpStatusCode.NotFound]);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, "inspect", DockerJson.Default.ContainerInspect, ct);
    }

    /// <summary>Containers, running or not, that carry every label of <paramref name="labels"/> (<c>key</c> or <c>key=value</c>).</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IEnumerable<string> labels, CancellationToken ct = default)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, IEnumerable<string>> { ["label"] = labels }, DockerJson.Default.DictionaryStringIEnumerableString);
        return GetAsync($"containers/json?all=true&filters={Escape(filters)}", DockerJson.Default.IReadOnlyListContainerSummary, ct);
    }

    /// <summary>Waits until the container is not running and returns its exit code.</summary>
    public async Task<int> WaitContainerAsync(string id, CancellationToken ct = default) =>
        (await PostAsync($"containers/{Escape(id)}/wait", null, DockerJson.Default.ContainerExit, ct)).StatusCode;

    /// <summary>One sample of CPU and memory use (the engine takes about a second to compute CPU deltas).</summary>
    /// <param name="oneShot">Answer at once with one sample (<c>precpu_stats</c> empty) instead of waiting about a second for a second one.</param>
    public Task<ContainerStats> StatsAsync(string id, bool oneShot = false, CancellationToken ct = default) =>
        GetAsync($"containers/{Escape(id)}/stats?stream=false{(oneShot ? "&one-shot=true" : "")}", DockerJson.Default.ContainerStats, ct);

    private static string Flag(bool value) => value ? "true" : "false";
}
