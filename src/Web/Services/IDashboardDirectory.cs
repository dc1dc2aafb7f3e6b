using System.Security.Claims;

namespace Berth.Web.Services;

/// <summary>A workspace as a member sees it in the switcher: its name and their role in it.</summary>
public sealed record WorkspaceEntry(string Name, string Role);

/// <summary>
/// The workspaces of the signed-in user and what they may do in each, decided by the host with the
/// same rules as the Kubernetes API (<c>WorkspaceRights</c>): the dashboard asks, never decides.
/// </summary>
public interface IDashboardDirectory
{
    Task<IReadOnlyList<WorkspaceEntry>> WorkspacesAsync(ClaimsPrincipal user, CancellationToken ct = default);

    /// <summary>The user's access to a workspace, or null when it is not theirs (shown as "not found", whether it exists or not).</summary>
    Task<WorkspaceAccess?> AccessAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default);

    /// <summary>A new workspace the user owns; <see cref="DashboardException"/> says why not in words for the page.</summary>
    Task<WorkspaceEntry> CreateWorkspaceAsync(ClaimsPrincipal user, string name, CancellationToken ct = default);
}

/// <summary>A refusal or failure the page shows as it is: the message is written for the user.</summary>
public sealed class DashboardException(string message) : Exception(message);
