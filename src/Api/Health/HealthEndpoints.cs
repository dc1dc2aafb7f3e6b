using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Health;

/// <summary>
/// The probes, named as Kubernetes names its own: <c>/livez</c> says the process serves HTTP
/// (restart it if not), <c>/readyz</c> says it can do useful work (send it traffic only if so).
/// A lost datastore fails readiness but never liveness: restarting the server would not bring the database back.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/livez", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", async (StoreReadiness readiness) =>
        {
            var result = await readiness.CheckAsync();
            return result.IsReady
                ? Results.Text("ok\n")
                : Results.Text($"not ready: {result.Reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
