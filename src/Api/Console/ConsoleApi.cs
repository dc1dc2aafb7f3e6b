using Berth.Api.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Console;

/// <summary>
/// The console API, <c>/console/v1/</c>: JSON for what Kubernetes has no word for (accounts,
/// tokens, workspaces, members). Errors are RFC 7807 problem details. Sign-up and signing in (for a
/// token or a session cookie) need no credential; everything else takes an API token as a bearer
/// token, or the session cookie. Described by
/// OpenAPI at <see cref="OpenApiPath"/>.
/// </summary>
internal static class ConsoleApi
{
    public const string Prefix = "/console/v1";
    public const string OpenApiDocument = "console-v1";
    public const string OpenApiPath = "/console/openapi/{documentName}.json";

    public static IServiceCollection AddConsoleApi(this IServiceCollection services)
    {
        // Problem details for what the framework itself refuses (a body that is not JSON, say).
        services.AddProblemDetails();
        // Only the console's endpoints: the Kubernetes API has its own OpenAPI under /k8s/{workspace}/openapi.
        services.AddOpenApi(OpenApiDocument, options => options.ShouldInclude = description => description.GroupName == OpenApiDocument);
        return services;
    }

    public static WebApplication MapConsoleApi(this WebApplication endpoints, bool allowSignUp)
    {
        // A body the framework cannot read is answered 400 with no body; under /console that
        // becomes problem details like every other refusal there. Other paths keep their own errors.
        endpoints.UseWhen(context => context.Request.Path.StartsWithSegments("/console"), console => console.UseStatusCodePages());

        var console = endpoints.MapGroup(Prefix).WithGroupName(OpenApiDocument);
        console.MapSignUp(allowSignUp);
        console.MapTokenSignIn();
        console.MapSessions();

        var user = console.MapGroup("").AddEndpointFilter<ConsoleAccessFilter>();
        user.MapCurrentUser();
        user.MapTwoFactor();
        user.MapUserTokens();
        user.MapUserAudit();
        user.MapWorkspaces();

        var workspace = user.MapGroup("/workspaces/{workspace}").AddEndpointFilter<WorkspaceMembershipFilter>();
        workspace.MapWorkspace();
        workspace.MapMembers();
        workspace.MapNodeCredentials();
        workspace.MapJoinTokens();
        workspace.MapWorkspaceTokens();
        workspace.MapAudit();
        workspace.MapHistory();

        endpoints.MapOpenApi(OpenApiPath);
        return endpoints;
    }
}
