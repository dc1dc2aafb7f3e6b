namespace Berth.Api.Authentication;

/// <summary>Authenticates API tokens against <see cref="ApiTokenStore"/>.</summary>
internal sealed class ApiTokenAuthenticator(ApiTokenStore tokens) : ICallerAuthenticator
{
    public async Task<Caller?> AuthenticateAsync(string bearerToken, CancellationToken ct) =>
        await tokens.VerifyAsync(bearerToken, ct) is { } identity ? new Caller(identity.User, identity.Workspace, identity.ReadOnly, identity.Id, identity.Role) : null;
}
