using System.Collections.Concurrent;

namespace Berth.Api.Authentication;

/// <summary>
/// Answers remembered for a few seconds, so a busy client costs one database lookup per
/// <see cref="Lifetime"/>, not one per request (kube-apiserver caches token reviews and
/// authorization decisions the same way). A change made on this server clears the cache at
/// once; one made on another replica takes effect here within the lifetime.
/// </summary>
internal sealed class ShortLivedCache<TKey, TValue>(TimeProvider time)
    where TKey : notnull
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    // Enough for every live credential of a large installation; beyond it the cache starts afresh
    // rather than grow without bound under a flood of distinct keys.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> entries = new();

    public bool TryFind(TKey key, out TValue value)
    {
        if (entries.TryGetValue(key, out var entry))
        {
            if (entry.Until > time.GetUtcNow())
            {
                value = entry.Value;
                return true;
            }

            entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        value = default!;
        return false;
    }

    /// <summary>Remembers <paramref name="value"/> for the lifetime, or until <paramref name="expires"/> when that comes first.</summary>
    public void Remember(TKey key, TValue value, DateTimeOffset? expires = null)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        var until = time.GetUtcNow() + Lifetime;
        entries[key] = (value, expires is { } end && end < until ? end : until);
    }

    public void Clear() => entries.Clear();
}
