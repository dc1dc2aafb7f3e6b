using Berth.Api.Tenancy;

namespace Berth.Api.Authorization;

/// <summary>
/// What each workspace role may do through the Kubernetes API. Roles are ordered, each including
/// the ones below:
/// <list type="bullet">
/// <item>viewer: get, list and watch everything but Secrets, as Kubernetes' own <c>view</c> role:
/// a Secret's value is a credential, and reading is all a viewer is trusted with.</item>
/// <item>developer: creates, updates, patches and deletes every namespaced kind (Secrets included)
/// and namespaces themselves; reads Secrets only where the workspace allows it
/// (<see cref="MemberAccess.DevelopersReadSecrets"/>). Without that, Secrets are write-only to
/// developers: a pipeline can set one, nobody can read it back through the API. Whoever may create
/// a pod may still mount a Secret into it and print it, so this keeps values out of casual reads
/// and tools, not away from a developer set on seeing them (docs/identity.md).</item>
/// <item>admin: also nodes, and the <c>status</c> and <c>finalize</c> subresources, which belong to
/// the controllers and agents that report state, not to the people deploying.</item>
/// <item>owner: the same here; what owners add (deleting the workspace) is outside this API.</item>
/// </list>
/// </summary>
internal static class WorkspaceRights
{
    public static bool Allows(MemberAccess access, KubernetesRequest request) => access.Role switch
    {
        >= WorkspaceRole.Admin => true,
        WorkspaceRole.Developer => request.IsRead ? access.DevelopersReadSecrets || !IsSecret(request) : DeveloperWrites(request),
        WorkspaceRole.Viewer => request.IsRead && !IsSecret(request),
        _ => false,
    };

    /// <summary>Why a developer is refused what a developer could do elsewhere, for the 403's message; null for any other refusal.</summary>
    public static string? Reason(MemberAccess access, KubernetesRequest request) =>
        access.Role == WorkspaceRole.Developer && request.IsRead && IsSecret(request) && !access.DevelopersReadSecrets
            ? "developers of this workspace may not read Secrets (an owner or admin can allow it)"
            : null;

    private static bool DeveloperWrites(KubernetesRequest request) =>
        !(request is { ApiGroup: "", Resource: "nodes" }) && request.Subresource is not ("status" or "finalize");

    private static bool IsSecret(KubernetesRequest request) => request is { ApiGroup: "", Resource: "secrets" };
}
