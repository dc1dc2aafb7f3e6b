namespace Berth.Bench.Dashboard;

/// <summary>
/// The names of the listed pods: "pod-" and letters from an alphabet that no other cell of a
/// pending pod's row contains (not in "Pending", "0/1", "&lt;none&gt;", ages, the namespace), so
/// what the search box shows for any typed run of these letters is known exactly: the names that
/// contain it. Indexes are scattered over the name space, so the names are not in creation order.
/// </summary>
internal sealed class PodNames
{
    public const string Alphabet = "qxzwkjv";

    public PodNames(int count)
    {
        var length = 1;
        long space = Alphabet.Length;
        while (space < 4L * count)
        {
            length++;
            space *= Alphabet.Length;
        }

        Suffixes = Enumerable.Range(0, count).Select(i => Spell(i * 7919L % space, length)).ToList();
        All = Suffixes.Select(s => "pod-" + s).ToList();
    }

    public IReadOnlyList<string> Suffixes { get; }

    public IReadOnlyList<string> All { get; }

    /// <summary>How many names contain <paramref name="typed"/>: the rows the search box leaves.</summary>
    public int Matching(string typed) => Suffixes.Count(s => s.Contains(typed, StringComparison.Ordinal));

    /// <summary>
    /// Suffixes each of whose prefixes leaves strictly fewer rows than the one before (so every
    /// keystroke visibly changes the grid), down to the one row; in a fixed order.
    /// </summary>
    public IEnumerable<string> FilterTargets() => Suffixes.Where(s =>
    {
        var previous = int.MaxValue;
        for (var n = 1; n <= s.Length; n++)
        {
            var left = Matching(s[..n]);
            if (left >= previous)
            {
                return false;
            }

            previous = left;
        }

        return previous == 1;
    });

    private static string Spell(long value, int length)
    {
        var chars = new char[length];
        for (var i = length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % Alphabet.Length)];
            value /= Alphabet.Length;
        }

        return new string(chars);
    }
}
