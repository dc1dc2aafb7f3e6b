using System.Collections.Concurrent;
using Berth.Engine.Nodes;

namespace Berth.Api.Agents;

/// <summary>
/// A short ring of each workspace's total CPU and memory (the sum over its nodes' latest reports,
/// those reported here and those read from other replicas), so the dashboard's charts have a history the moment they open. Points are kept
/// per <see cref="Resolution"/> (the agents' cadence): a report within the newest point's slot
/// replaces it rather than adding one, so several nodes reporting in the same 10 s make one point,
/// not one each. In memory only, like the samples themselves, and cut to <see cref="Retention"/>.
/// </summary>
internal sealed class UsageHistory
{
    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Ring> workspaces = new();

    /// <summary>One total of a workspace at a moment: what its reporting nodes used together.</summary>
    public sealed record Point(DateTimeOffset At, ResourceUsage Usage, int Nodes);

    /// <summary>Raised (on the reporting agent's thread) with the workspace whose history just changed.</summary>
    public event Action<string>? Recorded;

    public void Record(string workspace, DateTimeOffset at, IEnumerable<ResourceUsage> nodes)
    {
        var figures = nodes.ToList();
        var point = new Point(at, new ResourceUsage(figures.Sum(u => u.CpuNanoCores), figures.Sum(u => u.MemoryWorkingSetBytes)), figures.Count);
        workspaces.GetOrAdd(workspace, _ => new Ring()).Add(point);
        Recorded?.Invoke(workspace);
    }

    /// <summary>The workspace's points, oldest first.</summary>
    public IReadOnlyList<Point> Of(string workspace) => workspaces.TryGetValue(workspace, out var ring) ? ring.Points() : [];

    /// <summary>At most Retention / Resolution points (90): a list is plenty.</summary>
    private sealed class Ring
    {
        private readonly List<Point> points = [];

        public void Add(Point point)
        {
            lock (points)
            {
                if (points.Count > 0 && Slot(points[^1].At) == Slot(point.At))
                {
                    points[^1] = point;
                }
                else
                {
                    points.Add(point);
                }

                points.RemoveAll(p => point.At - p.At > Retention);
            }
        }

        public IReadOnlyList<Point> Points()
        {
            lock (points)
            {
                return [.. points];
            }
        }

        private static long Slot(DateTimeOffset at) => at.UtcTicks / Resolution.Ticks;
    }
}
