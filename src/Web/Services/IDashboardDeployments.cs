using System.Security.Claims;

namespace Berth.Web.Services;

/// <summary>
/// What a Deployment's page does to it, through the host as the API's <c>scale</c> subresource
/// would (<c>kubectl scale</c>): the same role check, admission and audit row. Rollout actions
/// (restart, undo) belong here too when they come.
/// </summary>
public interface IDashboardDeployments
{
    /// <summary>Sets spec.replicas; a refusal (role, validation) is a <see cref="DashboardException"/> in words.</summary>
    Task ScaleAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, int replicas, CancellationToken ct = default);
}
