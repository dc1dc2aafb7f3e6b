using Berth.Api.Tenancy;

namespace Berth.Api.Authorization;

/// <summary>
/// What each workspace role may do through the Kubernetes API. Roles are ordered, each including
/// the ones below:
/// <list type="bullet">
/// <item>viewer: get, list and watch everything but Secrets, as Kubernetes' own <c>view</c> role:
/// a Secret's value is a credential, and reading is all a viewer is trusted with.</item>
/// <item>developer: also reads Secrets, and creates, updates, patches and deletes every namespaced
/// kind and namespaces themselves. Secrets are readable because hiding them would protect nothing:
/// whoever may create a pod may mount any Secret of its namespace into it and print it, which is why
/// Kubernetes' <c>edit</c> role grants Secret reads too.</item>
/// <item>admin: also nodes, and the <c>status</c> and <c>finalize</c> subresources, which belong to
/// the controllers and agents that report state, not to the people deploying.</item>
/// <item>owner: the same here; what owners add (deleting the workspace) is outside this API.</item>
/// </list>
/// </summary>
internal static class WorkspaceRights
{
    public static bool Allows(WorkspaceRole role, KubernetesRequest request) => role switch
    {
        >= WorkspaceRole.Admin => true,
        WorkspaceRole.Developer => request.IsRead || DeveloperWrites(request),
        WorkspaceRole.Viewer => request.IsRead && !IsSecret(request),
        _ => false,
    };

    private static bool DeveloperWrites(KubernetesRequest request) =>
        !(request is { ApiGroup: "", Resource: "nodes" }) && request.Subresource is not ("status" or "finalize");

    private static bool IsSecret(KubernetesRequest request) => request is { ApiGroup: "", Resource: "secrets" };
}
