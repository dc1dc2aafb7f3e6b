using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Nodes;

namespace Berth.Agents.Metrics;

/// <summary>
/// Samples the CPU and memory of this node's running containers (one-shot engine stats, a few
/// at a time) and of the machine, and turns each pair of consecutive samples into a
/// <see cref="MetricsReport"/>, as kubelet's summary API does for metrics-server. A container or
/// the node appears from its second sample on, once it has a rate.
/// </summary>
public sealed class MetricsSampler(DockerEngine engine, NodeIdentity identity, TimeProvider time, Func<(ulong? CpuNanoseconds, ulong? MemoryBytes)>? host = null)
{
    /// <summary>
    /// Stats asked of the engine at once. Each one in flight holds an engine connection and its
    /// buffers; all of a node's at once (100 with 100 pods) cost the agent megabytes every 10 s for
    /// no gain, as one-shot stats answer in milliseconds.
    /// </summary>
    private const int StatsInFlight = 4;

    private readonly Func<(ulong? CpuNanoseconds, ulong? MemoryBytes)> readHost = host ?? HostUsage.Read;
    private Dictionary<string, CpuSample> containers = [];
    private CpuSample? node;
    private DateTimeOffset? last;

    /// <summary>One report for the pods whose uids are <paramref name="podUids"/> (the pods this node runs) and for the node.</summary>
    public async Task<MetricsReport> SampleAsync(IReadOnlySet<string> podUids, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var running = (await engine.ListContainersAsync([$"{ContainerLabels.Node}={identity.Name}"], ct))
            .Where(c => c.State == "running" && c.Labels is { } labels && labels.TryGetValue(ContainerLabels.PodUid, out var uid) && podUids.Contains(uid)
                && ContainerLabels.NameOf(labels) != ContainerLabels.Infra) // as metrics-server, a pod's figures are its own containers'

            .ToList();
        var stats = new (ContainerSummary Container, ContainerStats? Stats)[running.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, running.Count), new ParallelOptions { MaxDegreeOfParallelism = StatsInFlight, CancellationToken = ct },
            async (i, token) => stats[i] = (running[i], await TryStatsAsync(running[i].Id, token)));

        var next = new Dictionary<string, CpuSample>();
        var pods = new Dictionary<string, (PodRef Pod, List<ContainerMetrics> Containers, bool Complete)>();
        foreach (var (container, sample) in stats)
        {
            if (sample?.CpuStats?.CpuUsage is not { } usage)
            {
                continue; // gone between the list and its stats
            }

            var labels = container.Labels!;
            var uid = labels[ContainerLabels.PodUid];
            var cpu = new CpuSample(usage.TotalUsage, sample.Read == default ? now : sample.Read);
            next[container.Id] = cpu;
            var rate = containers.TryGetValue(container.Id, out var before) ? CpuRate.NanoCores(before, cpu) : null;
            if (!pods.TryGetValue(uid, out var pod))
            {
                pod = (new PodRef(labels.GetValueOrDefault(ContainerLabels.PodNamespace, ""), labels.GetValueOrDefault(ContainerLabels.PodName, ""), uid), [], true);
            }

            if (rate is { } nanocores)
            {
                pod.Containers.Add(new ContainerMetrics(labels.GetValueOrDefault(ContainerLabels.ContainerName, ""), new ResourceUsage(nanocores, (long)sample.MemoryStats.WorkingSet)));
            }

            pods[uid] = pod with { Complete = pod.Complete && rate is not null };
        }

        containers = next;
        var window = last is { } previous ? now - previous : TimeSpan.Zero;
        last = now;
        return new MetricsReport(now, window, SampleNode(now), [.. pods.Values.Where(p => p.Complete && p.Containers.Count > 0).Select(p => new PodMetricsSample(p.Pod, p.Containers))]);
    }

    private ResourceUsage? SampleNode(DateTimeOffset now)
    {
        var (cpu, memory) = readHost();
        var before = node;
        node = cpu is { } used ? new CpuSample(used, now) : null;
        return before is { } b && node is { } n && CpuRate.NanoCores(b, n) is { } rate && memory is { } bytes ? new ResourceUsage(rate, (long)bytes) : null;
    }

    private async Task<ContainerStats?> TryStatsAsync(string id, CancellationToken ct)
    {
        try
        {
            return await engine.StatsAsync(id, oneShot: true, ct);
        }
        catch (DockerException)
        {
            return null;
        }
    }
}
