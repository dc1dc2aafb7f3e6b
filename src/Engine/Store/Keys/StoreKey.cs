using System.Text;

namespace Berth.Engine.Store.Keys;

/// <summary>
/// Keys are opaque strings inside a workspace, compared byte-wise (UTF-8 ordinal, the "C"
/// collation in PostgreSQL). A prefix selects the half-open range [prefix, PrefixEnd(prefix)).
/// </summary>
public static class StoreKey
{
    public const int MaxBytes = 1024;

    public static void Validate(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Contains('\0') || Encoding.UTF8.GetByteCount(key) > MaxBytes)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument,
                $"key is invalid: it must be 1-{MaxBytes} bytes of UTF-8 without NUL");
        }
    }

    public static void ValidatePrefix(string? prefix)
    {
        if (prefix is null || prefix.Contains('\0') || Encoding.UTF8.GetByteCount(prefix) > MaxBytes)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "key prefix is invalid");
        }
    }

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>,
    /// or null when there is none (the empty prefix, or one made only of U+FFFF... which never occurs).
    /// Ordinal UTF-16 and UTF-8 byte order agree except around surrogates; keys here are ASCII in practice,
    /// and the comparison the database does is the one that counts, so the end is only an upper bound.
    /// </summary>
    public static string? PrefixEnd(string prefix)
    {
        var chars = prefix.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] < '\uD7FF')
            {
                chars[i]++;
                return new string(chars, 0, i + 1);
            }
        }

        return null;
    }

    public static bool HasPrefix(string key, string prefix) => key.StartsWith(prefix, StringComparison.Ordinal);
}
