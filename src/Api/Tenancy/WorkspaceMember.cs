using Berth.Api.Users;

namespace Berth.Api.Tenancy;

/// <summary>A user's membership of a workspace, with the one role that decides what they may do there.</summary>
public sealed class WorkspaceMember
{
    public required string WorkspaceId { get; set; }

    public required string UserId { get; set; }

    public WorkspaceRole Role { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public Workspace Workspace { get; set; } = null!;

    public BerthUser User { get; set; } = null!;
}
