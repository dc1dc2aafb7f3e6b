using Berth.Engine.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Agents;

/// <summary>
/// The AgentHub's door: every request to <see cref="AgentHubRoute.Path"/> (the WebSocket upgrade
/// included) must carry a live node credential as a bearer token, or it is answered 401 before
/// SignalR sees it. The node it names is what the hub acts for; nothing else is trusted.
/// </summary>
internal static class NodeHubAuthentication
{
    public static void UseNodeHubAuthentication(this WebApplication app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(AgentHubRoute.Path), branch => branch.Use(async (context, next) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            const string bearer = "Bearer ";
            var node = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
                ? await context.RequestServices.GetRequiredService<NodeCredentialStore>().VerifyAsync(header[bearer.Length..].Trim(), context.RequestAborted)
                : null;
            if (node is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("a valid node credential is required\n", context.RequestAborted);
                return;
            }

            context.Items[typeof(NodeCaller)] = node;
            await next(context);
        }));

    public static NodeCaller NodeOf(HttpContext? context) =>
        context?.Items[typeof(NodeCaller)] as NodeCaller ?? throw new InvalidOperationException("the AgentHub was reached without a node credential");
}
