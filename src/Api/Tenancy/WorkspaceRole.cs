namespace Berth.Api.Tenancy;

/// <summary>
/// A member's role in one workspace, each including everything below it: viewers read; developers
/// also write workloads and their configuration; admins also manage nodes, members and tokens;
/// owners also delete the workspace. See docs/identity.md for the full table.
/// </summary>
public enum WorkspaceRole
{
    Viewer = 1,
    Developer = 2,
    Admin = 3,
    Owner = 4,
}

/// <summary>How roles are written in the database and in JSON: lower-case words.</summary>
public static class WorkspaceRoles
{
    public static string Name(this WorkspaceRole role) => role switch
    {
        WorkspaceRole.Viewer => "viewer",
        WorkspaceRole.Developer => "developer",
        WorkspaceRole.Admin => "admin",
        WorkspaceRole.Owner => "owner",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out WorkspaceRole role)
    {
        role = text switch
        {
            "viewer" => WorkspaceRole.Viewer,
            "developer" => WorkspaceRole.Developer,
            "admin" => WorkspaceRole.Admin,
            "owner" => WorkspaceRole.Owner,
            _ => 0,
        };
        return role != 0;
    }

    public static WorkspaceRole Parse(string text) =>
        TryParse(text, out var role) ? role : throw new FormatException($"'{text}' is not a workspace role");

    /// <summary>Every role by its name, lowest first, for messages that list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["viewer", "developer", "admin", "owner"];
}
