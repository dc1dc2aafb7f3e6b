using Berth.Api.Kubernetes;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Authentication;

/// <summary>
/// Guards every route under <c>/k8s/{workspace}/</c>: no bearer token or a dead one is 401, and a
/// token for another workspace is 404, exactly what a workspace that does not exist answers, so
/// a token never reveals which workspaces there are.
/// </summary>
internal sealed class WorkspaceAccessFilter(ICallerAuthenticator authenticator) : IEndpointFilter
{
    private const string CallerKey = "berth.caller";

    public static Caller CallerOf(HttpContext context) => (Caller)context.Items[CallerKey]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var token = BearerToken(context.Request);
        var caller = token is null ? null : await authenticator.AuthenticateAsync(token, context.RequestAborted);
        if (caller is null)
        {
            return KubeResults.Status(401, "Unauthorized", "Unauthorized");
        }

        if (!string.Equals(caller.Workspace, context.Request.RouteValues["workspace"] as string, StringComparison.Ordinal))
        {
            return KubeResults.PathNotFound();
        }

        context.Items[CallerKey] = caller;
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
