using System.Security.Claims;
using Berth.Api.Authorization;
using Berth.Api.Bootstrap;
using Berth.Api.Tenancy;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Dashboard;

/// <summary>
/// The dashboard's questions about workspaces, answered with the same catalog and rights as the
/// Kubernetes API and the console. A Blazor circuit lives for minutes and may ask twice at once
/// (the layout and the page), so each call takes its own short-lived database context.
/// </summary>
internal sealed class DashboardDirectory(IDbContextFactory<TenancyDb> contexts, TimeProvider time, RoleCache roles, RoleLookup lookup, ResourceObjects objects)
    : IDashboardDirectory
{
    public async Task<IReadOnlyList<WorkspaceEntry>> WorkspacesAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (UserId(user) is not { } id)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var memberships = await new WorkspaceCatalog(db, time, roles).ForUserAsync(id, ct);
        return memberships.Select(m => new WorkspaceEntry(m.Workspace.Name, m.Role.Name())).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<WorkspaceAccess?> AccessAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default)
    {
        if (user.Identity?.Name is not { } name || await lookup.FindAccessAsync(name, workspace, ct) is not { } access)
        {
            return null;
        }

        return new WorkspaceAccess(workspace, access.Role.Name(), (verb, type) => WorkspaceRights.Allows(access, KubernetesRequest.For(verb, type)));
    }

    public async Task<WorkspaceEntry> CreateWorkspaceAsync(ClaimsPrincipal user, string name, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var owner = UserId(user) is { } id ? await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) : null;
        if (owner is null)
        {
            throw new DashboardException("Your session has ended: sign in again.");
        }

        try
        {
            var workspace = await new WorkspaceCatalog(db, time, roles).CreateAsync(name, owner, ct);
            await StandardNamespaces.EnsureAsync(objects, workspace.Name, ct);
            return new WorkspaceEntry(workspace.Name, WorkspaceRole.Owner.Name());
        }
        catch (TenancyException e)
        {
            throw new DashboardException(e.Message);
        }
    }

    private static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
