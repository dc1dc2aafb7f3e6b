using System.Security.Claims;
using Berth.Api.Agents;
using Berth.Api.Audit;
using Berth.Api.Console;
using Berth.Api.Tenancy;
using Berth.Api.Tls;
using Berth.Engine.Nodes;
using Berth.Web.Services;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Dashboard;

/// <summary>
/// The Nodes pages' port (<see cref="IDashboardNodes"/>): usage from <see cref="UsageSamples"/> and
/// <see cref="UsageHistory"/> (what agents report, to this replica or to another), and join tokens minted
/// by the console API's own code under its rule (admins and owners), with the console route's
/// audit row and source "dashboard".
/// </summary>
internal sealed class DashboardNodes(
    UsageSamples samples, UsageHistory history, RoleLookup roles, JoinTokenStore tokens, ServerCertificates certificates, AuditLog audit, TimeProvider time)
    : IDashboardNodes
{
    public IReadOnlyDictionary<string, ResourceUsage> UsageOf(string workspace) =>
        samples.Of(workspace).Where(r => r.Report.Node is not null).ToDictionary(r => r.Node, r => r.Report.Node!, StringComparer.Ordinal);

    public IReadOnlyList<UsagePoint> HistoryOf(string workspace) =>
        [.. history.Of(workspace).Select(p => new UsagePoint(p.At, p.Usage, p.Nodes))];

    public IDisposable OnReported(string workspace, Action changed)
    {
        void Handler(string reported)
        {
            if (reported == workspace)
            {
                changed();
            }
        }

        history.Recorded += Handler;
        return new Unsubscribe(() => history.Recorded -= Handler);
    }

    public async Task<bool> CanAddNodesAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default) =>
        user.Identity?.Name is { } name && await roles.FindAccessAsync(name, workspace, ct) is { } access && JoinTokenEndpoints.MayManage(access.Role);

    public async Task<MintedJoinToken> CreateJoinTokenAsync(ClaimsPrincipal user, string workspace, string description, CancellationToken ct = default)
    {
        var name = user.Identity?.Name ?? throw new DashboardException("Your session has ended: sign in again.");
        var access = await roles.FindAccessAsync(name, workspace, ct);
        var status = access is null ? StatusCodes.Status404NotFound
            : !JoinTokenEndpoints.MayManage(access.Role) ? StatusCodes.Status403Forbidden
            : StatusCodes.Status201Created;
        try
        {
            if (status != StatusCodes.Status201Created)
            {
                throw new DashboardException(access is null
                    ? $"There is no workspace \"{workspace}\" that you are a member of."
                    : "Only admins and owners of the workspace add nodes (create join tokens).");
            }

            var (info, token) = await JoinTokenEndpoints.MintAsync(tokens, certificates, workspace, description, name, null, ct);
            return new MintedJoinToken(info.Id, token);
        }
        finally
        {
            await audit.AppendAsync(new AuditEvent(time.GetUtcNow(), name, null, workspace, "post", null, JoinTokenEndpoints.CreateRoute, null, null, null, status, "dashboard"));
        }
    }

    private sealed class Unsubscribe(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
