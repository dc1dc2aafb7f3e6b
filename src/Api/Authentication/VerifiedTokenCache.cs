using System.Collections.Concurrent;

namespace Berth.Api.Authentication;

/// <summary>
/// Tokens verified lately, by hash, so a busy client costs one database lookup per
/// <see cref="Lifetime"/>, not one per request (kube-apiserver caches token reviews the same
/// way). Only successes are kept, never past the token's own expiry. A revocation on this
/// server clears the cache at once; on another replica it takes effect within the lifetime.
/// </summary>
internal sealed class VerifiedTokenCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    // Enough for every live token of a large installation; beyond it the cache starts afresh
    // rather than grow without bound under a flood of distinct tokens.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (TokenIdentity Identity, DateTimeOffset Until)> entries = new(StringComparer.Ordinal);

    public TokenIdentity? Find(string hash)
    {
        if (!entries.TryGetValue(hash, out var entry))
        {
            return null;
        }

        if (entry.Until > time.GetUtcNow())
        {
            return entry.Identity;
        }

        entries.TryRemove(KeyValuePair.Create(hash, entry));
        return null;
    }

    public void Remember(string hash, TokenIdentity identity, DateTimeOffset? expires)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        var until = time.GetUtcNow() + Lifetime;
        entries[hash] = (identity, expires is { } end && end < until ? end : until);
    }

    public void Clear() => entries.Clear();
}
