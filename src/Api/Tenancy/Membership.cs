namespace Berth.Api.Tenancy;

/// <summary>A workspace as one member sees it: the workspace and their role in it.</summary>
public sealed record Membership(Workspace Workspace, WorkspaceRole Role);
