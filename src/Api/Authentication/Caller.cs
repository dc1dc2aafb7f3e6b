namespace Berth.Api.Authentication;

/// <summary>
/// Who is making a request, once authenticated: a user, with the limits of the credential used:
/// the one workspace it opens (null: every workspace the user is a member of), and whether it may only read.
/// </summary>
public sealed record Caller(string User, string? Workspace, bool ReadOnly = false, string? TokenId = null);
