using Berth.Engine.Resources;

namespace Berth.Web.Services;

/// <summary>
/// What the signed-in user may do in one workspace. Pages use it to show only what the user can
/// use (a viewer sees no delete button); every action is checked again by the host when it runs.
/// </summary>
public sealed class WorkspaceAccess(string workspace, string role, Func<string, ResourceType, bool> allows)
{
    public string Workspace { get; } = workspace;

    public string Role { get; } = role;

    public bool CanRead(ResourceType type) => allows("list", type);

    public bool CanWrite(ResourceType type) => allows("update", type);

    public bool CanDelete(ResourceType type) => allows("delete", type);
}
