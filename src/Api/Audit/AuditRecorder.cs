using Berth.Api.Authorization;
using Berth.Engine.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Audit;

/// <summary>
/// Middleware that hands one <see cref="AuditEvent"/> to the <see cref="AuditLog"/> for every
/// mutating request under <c>/k8s/</c> and <c>/console/</c>, after it is answered, whatever the
/// answer (a 401, 403 or 404 is recorded as well as a 201). Reads are not recorded.
/// </summary>
internal static class AuditRecorder
{
    public static IApplicationBuilder UseAuditLog(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
                || !(request.Path.StartsWithSegments("/k8s") || request.Path.StartsWithSegments("/console")))
            {
                await next(context);
                return;
            }

            try
            {
                await next(context);
            }
            finally
            {
                var log = context.RequestServices.GetService(typeof(AuditLog)) as AuditLog;
                if (log is not null)
                {
                    await log.AppendAsync(EventOf(context) with { Revision = AuditRevision.Of(context) });
                }
            }
        });

    private static AuditEvent EventOf(HttpContext context)
    {
        var request = context.Request;
        var subject = AuditSubject.Of(context);
        var workspace = request.RouteValues["workspace"] as string;
        var status = context.Response.StatusCode;
        var at = DateTimeOffset.UtcNow;
        var source = context.Connection.RemoteIpAddress?.ToString();
        if (request.Path.StartsWithSegments("/k8s")
            && context.RequestServices.GetService(typeof(ResourceRegistry)) is ResourceRegistry registry
            && KubernetesRequest.From(request, registry) is { } target)
        {
            return new AuditEvent(at, subject?.User, subject?.TokenId, workspace, target.Verb, target.ApiGroup, target.Resource,
                target.Subresource, target.Namespace, target.Name ?? AuditName.Of(context), status, source);
        }

        // The console, or a path under /k8s that names no resource: the verb is the method, the resource the path.
        return new AuditEvent(at, subject?.User, subject?.TokenId, workspace, request.Method.ToLowerInvariant(), null,
            PathOf(request), null, null, null, status, source);
    }

    /// <summary>The route's template (<c>/console/v1/workspaces/{workspace}/members</c>), not the raw path, so no value a client typed lands in the log twice.</summary>
    private static string PathOf(HttpRequest request) =>
        (request.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? request.Path.Value ?? "";
}
