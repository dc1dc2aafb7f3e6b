using Berth.Engine.Resources.Objects;

namespace Berth.Api.Authentication;

/// <summary>Authenticates API tokens against <see cref="ApiTokenStore"/>.</summary>
internal sealed class ApiTokenAuthenticator(ApiTokenStore tokens) : ICallerAuthenticator
{
    public async Task<Caller?> AuthenticateAsync(string bearerToken, CancellationToken ct) =>
        await tokens.VerifyAsync(bearerToken, ct) is { } identity ? CallerOf(identity) : null;

    public async Task<(Caller? Caller, NamespaceRead? Namespace)> AuthenticateAsync(string bearerToken, string workspace, string @namespace, CancellationToken ct)
    {
        var (identity, read) = await tokens.VerifyAsync(bearerToken, (workspace, @namespace), ct);
        return identity is null ? (null, null) : (CallerOf(identity), read);
    }

    private static Caller CallerOf(TokenIdentity identity) => new(identity.User, identity.Workspace, identity.ReadOnly, identity.Id, identity.Role);
}
