namespace Berth.Api.Authentication;

/// <summary>
/// Tokens verified lately, by hash (<see cref="ShortLivedCache{TKey, TValue}"/>). Only successes
/// are kept, never past the token's own expiry. A revocation on this server clears the cache at
/// once; on another replica it takes effect within the lifetime.
/// </summary>
internal sealed class VerifiedTokenCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = ShortLivedCache<string, TokenIdentity>.Lifetime;

    private readonly ShortLivedCache<string, TokenIdentity> entries = new(time);

    public TokenIdentity? Find(string hash) => entries.TryFind(hash, out var identity) ? identity : null;

    public void Remember(string hash, TokenIdentity identity, DateTimeOffset? expires) => entries.Remember(hash, identity, expires);

    public void Clear() => entries.Clear();
}
