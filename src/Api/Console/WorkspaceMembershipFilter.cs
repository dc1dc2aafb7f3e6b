using Berth.Api.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Console;

/// <summary>
/// Resolves <c>{workspace}</c> in a console route to the caller's membership of it. A workspace
/// the caller is not in, outside the token's scope, or that does not exist is the same 404, as on
/// the Kubernetes API.
/// </summary>
internal sealed class WorkspaceMembershipFilter : IEndpointFilter
{
    private const string Key = "berth.console.membership";

    public static Membership Of(HttpContext context) => (Membership)context.Items[Key]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var caller = ConsoleCaller.Of(context);
        var name = context.Request.RouteValues["workspace"] as string ?? "";
        var inScope = caller.Token.Workspace is null || caller.Token.Workspace == name;
        var membership = inScope
            ? await context.RequestServices.GetRequiredService<WorkspaceCatalog>().FindAsync(name, caller.User.Id, context.RequestAborted)
            : null;
        if (membership is null)
        {
            return Problems.NotFound($"no workspace '{name}'");
        }

        // A token with a role cap acts with the lower of that cap and the member's role here.
        context.Items[Key] = membership with { Role = caller.Token.EffectiveRole(membership.Role) };
        return await next(invocation);
    }
}
