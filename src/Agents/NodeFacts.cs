using System.Globalization;
using System.Runtime.InteropServices;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Nodes;

namespace Berth.Agents;

/// <summary>What a node reports about itself on registration: capacity and system info, read from the machine and the engine.</summary>
public static class NodeFacts
{
    /// <summary>kubelet's default pod limit per node.</summary>
    public const int MaxPods = 110;

    public static IReadOnlyDictionary<string, string> Capacity() => new Dictionary<string, string>
    {
        ["cpu"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["memory"] = MemoryKibibytes() is { } kib ? $"{kib}Ki" : "0",
        ["pods"] = MaxPods.ToString(CultureInfo.InvariantCulture),
    };

    public static async Task<NodeSystemInfo> InfoAsync(DockerEngine engine, CancellationToken ct)
    {
        var docker = await engine.VersionAsync(ct);
        return new NodeSystemInfo(
            OperatingSystem: "linux",
            Architecture: RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var other => other.ToString().ToLowerInvariant() },
            KernelVersion: ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString(),
            OsImage: OsImage(),
            ContainerRuntimeVersion: "docker://" + docker.Version,
            KubeletVersion: "berth/" + (typeof(NodeFacts).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
    }

    private static long? MemoryKibibytes()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 2 } && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var kib) ? kib : null;
    }

    private static string OsImage()
    {
        var pretty = File.Exists("/etc/os-release") ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) : null;
        return pretty is null ? RuntimeInformation.OSDescription : pretty["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
}
