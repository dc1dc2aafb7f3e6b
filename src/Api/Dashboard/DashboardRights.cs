using System.Security.Claims;
using Berth.Api.Audit;
using Berth.Api.Authorization;
using Berth.Api.Tenancy;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;

namespace Berth.Api.Dashboard;

/// <summary>
/// The checks every dashboard action makes before it runs, whatever the page showed: the user's
/// role in the workspace (a non-member gets "not found", as on the API) and the Kubernetes API's
/// own rights for the verb; and the audit row each write leaves, as the API's would.
/// </summary>
internal sealed class DashboardRights(RoleLookup roles, AuditLog audit, TimeProvider time)
{
    /// <summary>Throws a <see cref="DashboardException"/> in words when <paramref name="user"/> may not <paramref name="verb"/> <paramref name="type"/>.</summary>
    public async Task DemandAsync(ClaimsPrincipal user, string workspace, string verb, ResourceType type, CancellationToken ct)
    {
        var access = user.Identity?.Name is { } name ? await roles.FindAccessAsync(name, workspace, ct) : null;
        if (access is null)
        {
            throw new DashboardException($"There is no workspace \"{workspace}\" that you are a member of.");
        }

        var request = KubernetesRequest.For(verb, type);
        if (!WorkspaceRights.Allows(access, request))
        {
            throw new DashboardException(WorkspaceRights.Reason(access, request) is { } reason
                ? $"You may not {verb} {type.Plural} here: {reason}."
                : $"Your role ({access.Role.Name()}) does not allow you to {verb} {type.Plural}.");
        }
    }

    /// <summary>True when the user may <paramref name="verb"/> <paramref name="type"/>, for reads that answer "nothing" rather than an error.</summary>
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, string workspace, string verb, ResourceType type, CancellationToken ct) =>
        user.Identity?.Name is { } name && await roles.FindAccessAsync(name, workspace, ct) is { } access
        && WorkspaceRights.Allows(access, KubernetesRequest.For(verb, type));

    /// <summary>Appends the audit row of a write made from the dashboard (source "dashboard": no token, no HTTP request of its own).</summary>
    /// <param name="subresource">The subresource written (a Deployment's <c>scale</c>), as the API's row names it.</param>
    /// <param name="revision">The revision a successful write stored, which links the object's history to this row.</param>
    public ValueTask AuditAsync(ClaimsPrincipal user, string workspace, string verb, ResourceType type, string? @namespace, string? name, int status,
        string? subresource = null, long? revision = null) =>
        audit.AppendAsync(new AuditEvent(time.GetUtcNow(), user.Identity?.Name, null, workspace, verb, type.Group, type.Plural, subresource, @namespace, name, status, "dashboard")
        {
            Revision = revision,
        });

    /// <summary>The HTTP status a failed write would have had on the API, for its audit row.</summary>
    public static int StatusOf(Exception e) => e switch
    {
        ResourceException r => r.Code,
        DashboardException => 403,
        _ => 500,
    };
}
