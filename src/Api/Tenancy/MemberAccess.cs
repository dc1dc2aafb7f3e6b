namespace Berth.Api.Tenancy;

/// <summary>
/// What a member may do in a workspace: their role, and whether the workspace lets developers read
/// its Secrets. Looked up together, in one query, because every authorization needs both.
/// </summary>
public sealed record MemberAccess(WorkspaceRole Role, bool DevelopersReadSecrets);
