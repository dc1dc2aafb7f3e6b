using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;

namespace Berth.Api.Bootstrap;

/// <summary>
/// The namespaces every new Kubernetes cluster has, made in each new workspace so kubectl finds
/// the <c>default</c> it expects. Idempotent: what exists already is left as it is.
/// </summary>
internal static class StandardNamespaces
{
    public static readonly IReadOnlyList<string> Names = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ResourceObjects objects, string workspace, CancellationToken ct)
    {
        foreach (var name in Names)
        {
            try
            {
                await objects.CreateAsync(workspace, BuiltInResources.Namespaces, null,
                    new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, ct);
            }
            catch (ResourceException e) when (e.Reason == "AlreadyExists")
            {
                // Made by an earlier start or another replica: exactly what we wanted.
            }
        }
    }
}
