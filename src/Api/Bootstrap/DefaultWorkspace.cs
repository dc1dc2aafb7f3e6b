using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;

namespace Berth.Api.Bootstrap;

/// <summary>
/// What a fresh server holds before anyone has done anything, as k3s starts with a usable
/// cluster: the workspace <c>default</c> with Kubernetes' four standard namespaces.
/// Every step is idempotent, so each start (and each replica) simply runs it.
/// </summary>
internal static class DefaultWorkspace
{
    public const string Name = "default";
    public const string AdminUser = "admin";

    public static readonly IReadOnlyList<string> Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ResourceObjects objects, CancellationToken ct)
    {
        foreach (var name in Namespaces)
        {
            try
            {
                await objects.CreateAsync(Name, BuiltInResources.Namespaces, null,
                    new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, ct);
            }
            catch (ResourceException e) when (e.Reason == "AlreadyExists")
            {
                // Made by an earlier start or another replica: exactly what we wanted.
            }
        }
    }
}
