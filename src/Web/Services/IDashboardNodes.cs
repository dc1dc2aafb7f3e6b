using System.Security.Claims;
using Berth.Engine.Nodes;

namespace Berth.Web.Services;

/// <summary>A workspace's total use at one moment, summed over the nodes that reported on this server.</summary>
public sealed record UsagePoint(DateTimeOffset At, ResourceUsage Usage, int Nodes);

/// <summary>A join token just made: shown this once, for <c>berth agent --token</c>.</summary>
public sealed record MintedJoinToken(string Id, string Token);

/// <summary>
/// What the dashboard shows of nodes beyond their objects: the CPU and memory their agents report
/// (held in memory by the replica each agent is connected to and shared with the others through the
/// nodes' heartbeats, as <c>kubectl top</c> reads them), a
/// short history of the workspace's totals, and join tokens for adding machines. Pages check the
/// user's access before they read usage; minting is checked by the host (admins and owners).
/// </summary>
public interface IDashboardNodes
{
    /// <summary>The latest live figures of each node of the workspace, whichever replica it reports to, by node name.</summary>
    IReadOnlyDictionary<string, ResourceUsage> UsageOf(string workspace);

    /// <summary>The workspace's totals over the last minutes, oldest first.</summary>
    IReadOnlyList<UsagePoint> HistoryOf(string workspace);

    /// <summary>Calls <paramref name="changed"/> (on a pool thread) whenever a node of the workspace reports; dispose to stop.</summary>
    IDisposable OnReported(string workspace, Action changed);

    /// <summary>Whether the user's role may create join tokens in the workspace (admins and owners).</summary>
    Task<bool> CanAddNodesAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default);

    /// <summary>A new join token of the workspace, audited as the console's route is; refused (<see cref="DashboardException"/>) below admin.</summary>
    Task<MintedJoinToken> CreateJoinTokenAsync(ClaimsPrincipal user, string workspace, string description, CancellationToken ct = default);
}
