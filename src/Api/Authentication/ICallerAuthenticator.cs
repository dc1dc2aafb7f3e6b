using Berth.Engine.Resources.Objects;

namespace Berth.Api.Authentication;

/// <summary>
/// Turns a request's credential into a <see cref="Caller"/>. Today that is an API token; the
/// tenancy work adds users, roles and node credentials behind this same seam.
/// </summary>
public interface ICallerAuthenticator
{
    /// <summary>The caller a bearer token speaks for, or null when it is not a live credential.</summary>
    Task<Caller?> AuthenticateAsync(string bearerToken, CancellationToken ct);

    /// <summary>
    /// <see cref="AuthenticateAsync(string, CancellationToken)"/>, with the stored row of one namespace
    /// the request is about to need (a create into it), read along with the credential where the
    /// authenticator can do both in one query; null when it did not read it (the caller reads it then).
    /// </summary>
    async Task<(Caller? Caller, NamespaceRead? Namespace)> AuthenticateAsync(string bearerToken, string workspace, string @namespace, CancellationToken ct) =>
        (await AuthenticateAsync(bearerToken, ct), null);
}
