namespace Berth.Api.Authentication;

/// <summary>
/// Turns a request's credential into a <see cref="Caller"/>. Today that is an API token; the
/// tenancy work adds users, roles and node credentials behind this same seam.
/// </summary>
public interface ICallerAuthenticator
{
    /// <summary>The caller a bearer token speaks for, or null when it is not a live credential.</summary>
    Task<Caller?> AuthenticateAsync(string bearerToken, CancellationToken ct);
}
