using Berth.Api.Audit;
using Berth.Api.Authorization;
using Berth.Api.Kubernetes;
using Berth.Api.Tenancy;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
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
    private const string NamespaceKey = "berth.namespace";

    public static WorkspaceAccess AccessOf(HttpContext context) => (WorkspaceAccess)context.Items[AccessKey]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var workspace = (string)context.Request.RouteValues["workspace"]!;
        var request = KubernetesRequest.From(context.Request, registry);
        var token = BearerToken(context.Request);
        var (caller, namespaceRead) = token is null ? (null, null) : await AuthenticateAsync(token, workspace, request, context.RequestAborted);
        if (caller is null)
        {
            return KubeResults.Status(401, "Unauthorized", "Unauthorized");
        }

        AuditSubject.Note(context, caller.User, caller.TokenId);

        if ((caller.Workspace is { } scope && !string.Equals(scope, workspace, StringComparison.Ordinal))
            || await roles.FindAccessAsync(caller.User, workspace, context.RequestAborted) is not { } member)
        {
            return KubeResults.PathNotFound();
        }

        var access = member with { Role = caller.EffectiveRole(member.Role) };
        var role = access.Role;

        if (request is not null)
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
        if (namespaceRead is not null)
        {
            context.Items[NamespaceKey] = namespaceRead;
        }

        return await next(invocation);
    }

    /// <summary>The namespace a create goes into, read along with its token (null when it was not).</summary>
    public static NamespaceRead? NamespaceOf(HttpContext context) => context.Items.TryGetValue(NamespaceKey, out var read) ? read as NamespaceRead : null;

    private async Task<(Caller? Caller, NamespaceRead? Namespace)> AuthenticateAsync(string token, string workspace, KubernetesRequest? request, CancellationToken ct) =>
        request is { Verb: "create", Namespace: { } createdIn, Name: null }
            // A create will check that its namespace exists and is not terminating: read it with the token, in one query.
            ? await authenticator.AuthenticateAsync(token, workspace, createdIn, ct)
            : (await authenticator.AuthenticateAsync(token, ct), null);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
