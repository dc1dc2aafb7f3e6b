using Berth.Web.Live;
using Berth.Web.Services;

namespace Berth.Web.Nodes;

/// <summary>
/// Tells a page that a node of its workspace reported CPU and memory, at most once per
/// <see cref="CoalesceWindow"/>: every node reports every 10 s, so a workspace of 100 nodes would
/// otherwise render its pages ten times a second. The server pushes these over the circuit; the
/// browser never polls.
/// </summary>
public sealed class UsageFeed : IDisposable
{
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromSeconds(1);

    private readonly IDisposable subscription;

    public UsageFeed(IDashboardNodes nodes, string workspace, TimeProvider time)
    {
        var coalescer = new Coalescer(CoalesceWindow, time, () => Changed?.Invoke());
        subscription = nodes.OnReported(workspace, coalescer.Signal);
    }

    /// <summary>Raised on a pool thread.</summary>
    public event Action? Changed;

    public void Dispose() => subscription.Dispose();
}
