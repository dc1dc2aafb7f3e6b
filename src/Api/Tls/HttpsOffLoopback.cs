using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Berth.Api.Tls;

/// <summary>
/// Off loopback, nothing that may carry a credential travels as plain HTTP: a plain request is
/// answered only for the probes (load balancers and kubelets probe without TLS); a GET or HEAD is
/// redirected (308) to the same URL over https, which the same port serves, and any other method
/// refused (400) with a line saying to use https, before authentication or the body is looked at.
/// On loopback plain HTTP stays, for the one-machine start. The decision is the listen address's,
/// not the client's: <c>0.0.0.0</c> is off loopback even for a client connecting to 127.0.0.1.
/// </summary>
internal static class HttpsOffLoopback
{
    private static readonly string[] Probes = ["/livez", "/readyz", "/healthz"];

    public static IApplicationBuilder UseHttpsOffLoopback(this IApplicationBuilder app, bool loopback) =>
        loopback ? app : app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.IsHttps || Probes.Any(probe => request.Path.Equals(probe, StringComparison.OrdinalIgnoreCase)))
            {
                await next(context);
                return;
            }

            var https = UriHelper.BuildAbsolute(Uri.UriSchemeHttps, request.Host, request.PathBase, request.Path, request.QueryString);
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = https;
                return;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"This server takes plain HTTP only for its probes: use {https}\n");
        });
}
