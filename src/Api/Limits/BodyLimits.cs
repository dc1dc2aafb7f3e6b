using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Api.Limits;

/// <summary>
/// The console API takes small JSON documents (a token request, a member, a name): a body over
/// <see cref="ConsoleMaxBytes"/> is refused with 413 before it is read, instead of the framework's
/// 30 MB. The Kubernetes API keeps kube-apiserver's 3 MiB (<c>RequestBodies.MaxBytes</c>), and
/// SignalR hubs their own message limits.
/// </summary>
internal static class BodyLimits
{
    public const long ConsoleMaxBytes = 64 * 1024;

    public static IApplicationBuilder UseConsoleBodyLimit(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/console")
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = ConsoleMaxBytes;
            }

            return next(context);
        });
}
