using System.Text.Json.Nodes;
using Berth.Api.Kubernetes;

namespace Berth.Api.Authorization;

/// <summary>
/// The 403 Status Kubernetes answers when authorization refuses a request, word for word, so
/// kubectl prints <c>Error from server (Forbidden): pods is forbidden: User "alice" cannot create
/// resource "pods" in API group "" in the namespace "web"</c>.
/// </summary>
internal static class KubernetesForbidden
{
    public static JsonObject Status(string user, KubernetesRequest request, string? reason = null)
    {
        var resource = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var scope = request.Namespace is { Length: > 0 } ns ? $"in the namespace \"{ns}\"" : "at the cluster scope";
        var refusal = $"User \"{user}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.ApiGroup}\" {scope}";
        if (reason is not null)
        {
            refusal += ": " + reason;
        }

        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var message = request.Name is null ? $"{qualified} is forbidden: {refusal}" : $"{qualified} \"{request.Name}\" is forbidden: {refusal}";
        var details = new JsonObject();
        if (request.Name is not null)
        {
            details["name"] = request.Name;
        }

        if (request.ApiGroup.Length > 0)
        {
            details["group"] = request.ApiGroup;
        }

        details["kind"] = request.Resource;
        return KubeResults.StatusObject(403, "Forbidden", message, details);
    }
}
