using Berth.Api.Audit;
using Berth.Api.Authorization;
using Berth.Api.Kubernetes;
using Berth.Api.Tenancy;
using Berth.Engine.Resources;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Authentication;

/// <summary>What a request may do in the workspace of its route: who asks, their role there, and the token's limits.</summary>
public sealed record WorkspaceAccess(Caller Caller, string Workspace, WorkspaceRole Role);

/// <summary>
/// Guards every route under <c>/k8s/{workspace}/</c>. No bearer token or a dead one is 401. A
/// workspace the caller is not a member of, one outside the token's scope, and one that does not
/// exist all answer the same 404, on every path and verb (watch and lists across namespaces
/// included), so a token never reveals which workspaces there are. Inside a workspace the caller
/// is a member of, the role decides each resource request (<see cref="WorkspaceRights"/>), and a
/// refusal is Kubernetes' own 403 Forbidden Status; a read-only token may only get, list and watch.
/// </summary>
internal sealed class WorkspaceAccessFilter(ICallerAuthenticator authenticator, RoleLookup roles, ResourceRegistry registry) : IEndpointFilter
{
    private const string AccessKey = "berth.access";

    public static WorkspaceAccess AccessOf(HttpContext context) => (WorkspaceAccess)context.Items[AccessKey]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var token = BearerToken(context.Request);
        var caller = token is null ? null : await authenticator.AuthenticateAsync(token, context.RequestAborted);
        if (caller is null)
        {
            return KubeResults.Status(401, "Unauthorized", "Unauthorized");
        }

        AuditSubject.Note(context, caller.User, caller.TokenId);

        var workspace = (string)context.Request.RouteValues["workspace"]!;
        if ((caller.Workspace is { } scope && !string.Equals(scope, workspace, StringComparison.Ordinal))
            || await roles.FindAccessAsync(caller.User, workspace, context.RequestAborted) is not { } member)
        {
            return KubeResults.PathNotFound();
        }

        var access = member with { Role = caller.EffectiveRole(member.Role) };
        var role = access.Role;

        if (KubernetesRequest.From(context.Request, registry) is { } request)
        {
            if (!WorkspaceRights.Allows(access, request))
            {
                return KubeResults.Json(KubernetesForbidden.Status(caller.User, request, WorkspaceRights.Reason(access, request)), StatusCodes.Status403Forbidden);
            }

            if (caller.ReadOnly && !request.IsRead)
            {
                return KubeResults.Json(KubernetesForbidden.Status(caller.User, request, "the token is read-only"), StatusCodes.Status403Forbidden);
            }
        }

        context.Items[AccessKey] = new WorkspaceAccess(caller, workspace, role);
        return await next(invocation);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
