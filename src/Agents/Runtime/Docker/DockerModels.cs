using System.Text.Json.Serialization;

namespace Berth.Agents.Runtime.Docker;

// The Engine API's own shapes, named as it names them (PascalCase, except stats), holding only the
// fields the agent reads or sets. Unknown fields in answers are ignored.

public sealed record DockerVersion(string Version, string ApiVersion, string Os, string Arch, string KernelVersion);

/// <summary>The body of <c>POST /containers/create</c>.</summary>
public sealed record ContainerSpec
{
    public required string Image { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public string? WorkingDir { get; init; }

    public string? Hostname { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Keys such as <c>8080/tcp</c>; values are empty objects.</summary>
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public HostConfig? HostConfig { get; init; }
}

public sealed record HostConfig
{
    /// <summary><c>host-path:container-path[:ro]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>>? PortBindings { get; init; }

    /// <summary>Bytes; 0 is no limit.</summary>
    public long Memory { get; init; }

    /// <summary>CPU in billionths of a core; 0 is no limit.</summary>
    public long NanoCpus { get; init; }

    public string? NetworkMode { get; init; }
}

public sealed record PortBinding(string HostIp, string HostPort);

/// <summary>Serializes as <c>{}</c>, the value the Engine API wants in its port sets.</summary>
public sealed record EmptyObject
{
    public static readonly EmptyObject Value = new();
}

public sealed record CreatedContainer(string Id, IReadOnlyList<string>? Warnings);

/// <summary>One row of <c>GET /containers/json</c>.</summary>
public sealed record ContainerSummary(string Id, IReadOnlyList<string> Names, string Image, string ImageID, string State, IReadOnlyDictionary<string, string>? Labels);

/// <summary><c>GET /containers/{id}/json</c>.</summary>
public sealed record ContainerInspect(string Id, string Name, string Image, ContainerState State, ContainerConfig Config, NetworkSettings NetworkSettings, int RestartCount);

public sealed record ContainerState(string Status, bool Running, bool OOMKilled, int ExitCode, string Error, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

public sealed record ContainerConfig(string Image, IReadOnlyDictionary<string, string>? Labels);

public sealed record NetworkSettings(string IPAddress, IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? Ports);

public sealed record ContainerExit(int StatusCode);

/// <summary><c>GET /images/{name}/json</c>.</summary>
public sealed record ImageInspect(string Id, IReadOnlyList<string>? RepoTags, IReadOnlyList<string>? RepoDigests);

/// <summary>One sample of <c>GET /containers/{id}/stats?stream=false</c>: cumulative CPU and current memory.</summary>
public sealed record ContainerStats(
    [property: JsonPropertyName("cpu_stats")] CpuStats CpuStats,
    [property: JsonPropertyName("precpu_stats")] CpuStats PreCpuStats,
    [property: JsonPropertyName("memory_stats")] MemoryStats MemoryStats,
    [property: JsonPropertyName("read")] DateTimeOffset Read = default);

public sealed record CpuStats(
    [property: JsonPropertyName("cpu_usage")] CpuUsage CpuUsage,
    [property: JsonPropertyName("system_cpu_usage")] ulong SystemCpuUsage,
    [property: JsonPropertyName("online_cpus")] int OnlineCpus);

public sealed record CpuUsage([property: JsonPropertyName("total_usage")] ulong TotalUsage);

/// <param name="Stats">The cgroup's memory.stat figures (<c>inactive_file</c> on cgroup v2, <c>total_inactive_file</c> on v1).</param>
public sealed record MemoryStats(
    [property: JsonPropertyName("usage")] ulong Usage,
    [property: JsonPropertyName("limit")] ulong Limit,
    [property: JsonPropertyName("stats")] IReadOnlyDictionary<string, ulong>? Stats = null)
{
    /// <summary>
    /// What kubelet (cAdvisor) calls the working set and <c>kubectl top</c> shows: usage minus the
    /// inactive page cache, which the kernel can reclaim at once.
    /// </summary>
    public ulong WorkingSet
    {
        get
        {
            var inactive = Stats is null ? 0UL
                : Stats.TryGetValue("total_inactive_file", out var v1) ? v1
                : Stats.TryGetValue("inactive_file", out var v2) ? v2 : 0UL;
            return Usage > inactive ? Usage - inactive : 0UL;
        }
    }
}

/// <summary>The body of <c>POST /containers/{id}/exec</c>.</summary>
public sealed record ExecSpec(bool AttachStdout, bool AttachStderr, IReadOnlyList<string> Cmd);

/// <summary>The body of <c>POST /exec/{id}/start</c>.</summary>
public sealed record ExecStart(bool Detach, bool Tty);

public sealed record ExecCreated(string Id);

public sealed record ExecInspect(bool Running, int ExitCode);

/// <summary>What an exec printed and how it ended.</summary>
public sealed record ExecResult(int ExitCode, string Stdout, string Stderr);
