namespace Berth.Api.Authentication;

/// <summary>Who is making a request, once authenticated: a user, acting in one workspace.</summary>
public sealed record Caller(string User, string Workspace);
