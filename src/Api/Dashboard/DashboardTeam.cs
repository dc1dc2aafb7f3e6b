using System.Security.Claims;
using Berth.Api.Audit;
using Berth.Api.Authentication;
using Berth.Api.Console;
using Berth.Api.Tenancy;
using Berth.Api.Tls;
using Berth.Api.Users;
using Berth.Web.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Dashboard;

/// <summary>
/// The Team page's port (<see cref="IDashboardTeam"/>): members through <see cref="MemberRoster"/>
/// and tokens through <see cref="ApiTokenStore"/> under <see cref="TokenGrants"/>, exactly as the
/// console API does, so the page cannot do what the API would refuse. Each change leaves the audit
/// row the console route would, with source "dashboard".
/// </summary>
internal sealed class DashboardTeam(
    WorkspaceCatalog workspaces, MemberRoster roster, UserManager<BerthUser> users, ApiTokenStore tokens,
    ServerCertificates certificates, AuditLog audit, AuditStore auditRows, TimeProvider time) : IDashboardTeam
{
    private const string MembersRoute = ConsoleApi.Prefix + "/workspaces/{workspace}/members";
    private const string TokensRoute = ConsoleApi.Prefix + "/user/tokens";

    public async Task<IReadOnlyList<TeamMember>> MembersAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default)
    {
        var (_, membership) = await MemberAsync(user, workspace, ct);
        return [.. (await roster.ListAsync(membership.Workspace, ct)).Select(m => new TeamMember(m.User, m.Email, m.Role.Name()))];
    }

    public Task InviteAsync(ClaimsPrincipal user, string workspace, string login, string role, CancellationToken ct = default) =>
        ChangeAsync(user, workspace, "post", MembersRoute, async (_, membership) =>
        {
            await roster.AddAsync(membership.Workspace, membership.Role, login.Trim(), RoleNamed(role), ct);
        }, ct);

    public Task RemoveAsync(ClaimsPrincipal user, string workspace, string member, CancellationToken ct = default) =>
        ChangeAsync(user, workspace, "delete", MembersRoute + "/{user}", (actor, membership) =>
            roster.RemoveAsync(membership.Workspace, actor, membership.Role, member, ct), ct);

    public Task ChangeRoleAsync(ClaimsPrincipal user, string workspace, string member, string role, CancellationToken ct = default) =>
        ChangeAsync(user, workspace, "patch", MembersRoute + "/{user}", async (actor, membership) =>
            await roster.ChangeRoleAsync(membership.Workspace, actor, membership.Role, member, RoleNamed(role), ct), ct);

    public async Task<AuditEntries> AuditAsync(ClaimsPrincipal user, string workspace, AuditFilter filter, long? before, int limit, CancellationToken ct = default)
    {
        var (_, membership) = await MemberAsync(user, workspace, ct);
        if (!WorkspaceAuditQuery.MayRead(membership))
        {
            throw new DashboardException("Only the workspace's owners and admins may read its audit log.");
        }

        var query = WorkspaceAuditQuery.For(membership, Blank(filter.User), Blank(filter.Resource), Blank(filter.Verb), filter.Since, null);
        var rows = await auditRows.ReadAsync(query with { Before = before, Limit = limit }, ct);
        return new AuditEntries(
            [.. rows.Select(r => new AuditEntry(r.Id, r.At, r.User, r.Verb, r.Resource, r.Subresource, r.Namespace, r.Name, r.Status, r.Source))],
            rows.Count == limit ? rows[^1].Id : null);
    }

    public async Task<IReadOnlyList<TeamToken>> TokensAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default)
    {
        var (actor, membership) = await MemberAsync(user, workspace, ct);
        var listed = membership.Role >= WorkspaceRole.Admin
            ? await tokens.ListOfWorkspaceAsync(membership.Workspace.Name, ct)
            : (await tokens.ListOfUserAsync(actor.UserName!, ct)).Where(t => t.Workspace == membership.Workspace.Name).ToList();
        return [.. listed.Select(t => new TeamToken(t.Id, t.Name, t.User, t.Role?.Name(), t.ReadOnly, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))];
    }

    public async Task<MintedToken> CreateTokenAsync(ClaimsPrincipal user, string workspace, NewTeamToken token, CancellationToken ct = default)
    {
        IssuedToken? issued = null;
        await ChangeAsync(user, workspace, "post", TokensRoute, async (actor, membership) =>
            issued = await IssueAsync(actor, membership, new NewTokenRequest(token.Name, membership.Workspace.Name, token.Role, token.ReadOnly, token.ExpiresAt), ct), ct);
        return new MintedToken(issued!.Id, issued.Secret);
    }

    public Task RevokeTokenAsync(ClaimsPrincipal user, string workspace, string id, CancellationToken ct = default) =>
        ChangeAsync(user, workspace, "delete", TokensRoute + "/{id}", async (actor, membership) =>
        {
            // Admins and owners revoke any token of the workspace; others only their own in it.
            var revoked = membership.Role >= WorkspaceRole.Admin
                ? await tokens.RevokeInWorkspaceAsync(id, membership.Workspace.Name, ct)
                : await tokens.RevokeOfUserAsync(id, actor.UserName!, membership.Workspace.Name, ct);
            if (!revoked)
            {
                throw new DashboardException("That token is not one you can revoke here, or it is revoked already.");
            }
        }, ct);

    public async Task<string> KubeconfigAsync(ClaimsPrincipal user, string workspace, Uri server, CancellationToken ct = default)
    {
        IssuedToken? issued = null;
        await ChangeAsync(user, workspace, "post", TokensRoute, async (actor, membership) =>
            issued = await IssueAsync(actor, membership, new NewTokenRequest("kubeconfig", membership.Workspace.Name, null, false, null), ct), ct);
        // kubectl sends tokens only over TLS, which every port offers: the same host and port over https.
        var https = new UriBuilder(server) { Scheme = Uri.UriSchemeHttps, Path = "/" }.Uri;
        return Kubeconfig.Render(https, workspace, issued!.User, certificates.AuthorityPem, issued.Secret, certificates.ServerNameFor(https));
    }

    private async Task<IssuedToken> IssueAsync(BerthUser actor, Membership membership, NewTokenRequest request, CancellationToken ct)
    {
        // The browser's session acts as its user, like an unscoped token: the grant rules then cap the token at the user's role.
        var caller = new ConsoleCaller(actor, new Caller(actor.UserName!, Workspace: null));
        var (wanted, refusal) = await TokenGrants.CheckAsync(request, caller, workspaces, time.GetUtcNow(), ct);
        if (refusal is not null || wanted is null)
        {
            throw new DashboardException(refusal?.Sentence ?? "Refused.");
        }

        return await tokens.IssueAsync(wanted, ct);
    }

    /// <summary>Runs a change as the signed-in member and records it as the console route would be, with its outcome.</summary>
    private async Task ChangeAsync(ClaimsPrincipal user, string workspace, string verb, string route, Func<BerthUser, Membership, Task> change, CancellationToken ct)
    {
        var (actor, membership) = await MemberAsync(user, workspace, ct);
        var status = StatusCodes.Status200OK;
        try
        {
            await change(actor, membership);
        }
        catch (TenancyException e)
        {
            status = e.Error switch { TenancyError.NotFound => 404, TenancyError.Forbidden => 403, TenancyError.Conflict => 409, _ => 400 };
            throw new DashboardException(e.Message);
        }
        catch (DashboardException)
        {
            status = StatusCodes.Status403Forbidden;
            throw;
        }
        finally
        {
            await audit.AppendAsync(new AuditEvent(time.GetUtcNow(), actor.UserName, null, workspace, verb, null, route, null, null, null, status, "dashboard"));
        }
    }

    private static WorkspaceRole RoleNamed(string role) => WorkspaceRoles.TryParse(role, out var named)
        ? named
        : throw new DashboardException($"Choose a role: {string.Join(", ", WorkspaceRoles.Names)}.");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<(BerthUser User, Membership Membership)> MemberAsync(ClaimsPrincipal user, string workspace, CancellationToken ct)
    {
        var actor = await CookieSessions.UserOfAsync(user, users);
        var membership = actor is null ? null : await workspaces.FindAsync(workspace, actor.Id, ct);
        return actor is null || membership is null
            ? throw new DashboardException($"There is no workspace \"{workspace}\" that you are a member of.")
            : (actor, membership);
    }
}
