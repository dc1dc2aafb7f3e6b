using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Observability;

/// <summary>
/// One structured log line per HTTP request: method, path, workspace (when the route has one),
/// status and duration. Deliberately never the query string, headers or bodies: tokens travel in
/// those, and a log is the last place a secret should land.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        // Until the rest of the pipeline returns normally, the request counts as failed: an exception
        // escaping here becomes a 500 only later, in the server.
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            var durationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
            var path = context.Request.PathBase.Add(context.Request.Path).ToString();
            // Routing has run by now, so a route such as /k8s/{workspace}/... has filled this in.
            if (context.GetRouteValue("workspace") is string workspace)
            {
                LogWorkspaceRequest(logger, context.Request.Method, path, workspace, status, durationMs);
            }
            else
            {
                LogRequest(logger, context.Request.Method, path, status, durationMs);
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Path} {StatusCode} in {DurationMs} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double durationMs);

    [LoggerMessage(EventId = 2, EventName = "WorkspaceRequest", Level = LogLevel.Information,
        Message = "{Method} {Path} workspace={Workspace} {StatusCode} in {DurationMs} ms")]
    private static partial void LogWorkspaceRequest(ILogger logger, string method, string path, string workspace, int statusCode, double durationMs);
}

internal static class RequestLoggingExtensions
{
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) => app.UseMiddleware<RequestLogging>();
}
