using System.Security.Claims;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Patching;
using Berth.Web.Services;

namespace Berth.Api.Dashboard;

/// <summary>
/// A Deployment's page's actions (<see cref="IDashboardDeployments"/>), done as <c>kubectl scale</c>
/// does them: a patch of the <c>scale</c> subresource through <see cref="ResourceObjects"/> (so the
/// same admission, and managedFields name the dashboard), after the API's role check for patching
/// deployments, with the audit row the API's route would leave (patch, subresource scale).
/// </summary>
internal sealed class DashboardDeployments(ResourceObjects objects, ResourceRegistry registry, DashboardRights rights) : IDashboardDeployments
{
    private ResourceType Deployments => registry.Find("apps", "v1", "deployments")!;

    public async Task ScaleAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, int replicas, CancellationToken ct = default)
    {
        var type = Deployments;
        try
        {
            await rights.DemandAsync(user, workspace, "patch", type, ct);
            // As long: ScaleView reads the count as one, and a JsonValue made from an int does not convert.
            var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = (long)replicas } };
            await objects.As(DashboardObjects.FieldManager).PatchScaleAsync(workspace, type, @namespace, name, patch, PatchType.Merge, ct);
            await rights.AuditAsync(user, workspace, "patch", type, @namespace, name, 200, "scale");
        }
        catch (Exception e) when (e is ResourceException or DashboardException)
        {
            await rights.AuditAsync(user, workspace, "patch", type, @namespace, name, DashboardRights.StatusOf(e), "scale");
            throw e is ResourceException { Code: 404 } ? new DashboardException($"Deployment {name} is gone.")
                : e as DashboardException ?? new DashboardException(e.Message);
        }
    }
}
