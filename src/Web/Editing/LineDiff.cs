namespace Berth.Web.Editing;

/// <summary>Whether a line of a diff is in both texts, only the old one, or only the new one.</summary>
public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>One line of a diff, with its 1-based number in the old text and in the new (0 where it is absent).</summary>
public sealed record DiffLine(DiffKind Kind, int OldNumber, int NewNumber, string Text);

/// <summary>One row of a side-by-side diff: the old line on the left, the new on the right (either may be missing).</summary>
public sealed record DiffRow(DiffLine? Left, DiffLine? Right);

/// <summary>
/// A line diff of two texts by longest common subsequence: the lines both keep, in order, are as
/// many as possible, so what is marked removed or added is what changed. The common head and tail
/// are matched first and the table is built only for the middle, so the usual edit of an object's
/// YAML costs a few lines squared; a middle too large for the table is shown as wholly replaced.
/// </summary>
public static class LineDiff
{
    /// <summary>Cells of the LCS table above which the middle is reported as replaced instead (memory, not correctness).</summary>
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compare(string oldText, string newText)
    {
        var a = Lines(oldText);
        var b = Lines(newText);
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        for (var i = 0; i < head; i++)
        {
            result.Add(new DiffLine(DiffKind.Same, i + 1, i + 1, a[i]));
        }

        Middle(a, b, head, a.Length - tail, b.Length - tail, result);
        for (var t = tail; t > 0; t--)
        {
            result.Add(new DiffLine(DiffKind.Same, a.Length - t + 1, b.Length - t + 1, a[a.Length - t]));
        }

        return result;
    }

    /// <summary>Pairs removed and added runs line by line, for two columns; unchanged lines sit on both sides.</summary>
    public static IReadOnlyList<DiffRow> SideBySide(IReadOnlyList<DiffLine> diff)
    {
        var rows = new List<DiffRow>();
        var removed = new List<DiffLine>();
        var added = new List<DiffLine>();
        void Flush()
        {
            for (var i = 0; i < Math.Max(removed.Count, added.Count); i++)
            {
                rows.Add(new DiffRow(i < removed.Count ? removed[i] : null, i < added.Count ? added[i] : null));
            }

            removed.Clear();
            added.Clear();
        }

        foreach (var line in diff)
        {
            switch (line.Kind)
            {
                case DiffKind.Removed:
                    removed.Add(line);
                    break;
                case DiffKind.Added:
                    added.Add(line);
                    break;
                default:
                    Flush();
                    rows.Add(new DiffRow(line, line));
                    break;
            }
        }

        Flush();
        return rows;
    }

    private static void Middle(string[] a, string[] b, int start, int aEnd, int bEnd, List<DiffLine> result)
    {
        int n = aEnd - start, m = bEnd - start;
        if ((long)(n + 1) * (m + 1) > MaxCells)
        {
            result.AddRange(Enumerable.Range(start, n).Select(i => new DiffLine(DiffKind.Removed, i + 1, 0, a[i])));
            result.AddRange(Enumerable.Range(start, m).Select(j => new DiffLine(DiffKind.Added, 0, j + 1, b[j])));
            return;
        }

        // common[i, j]: the longest common subsequence of a[start+i..aEnd) and b[start+j..bEnd).
        var common = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                common[i, j] = a[start + i] == b[start + j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[start + x] == b[start + y])
            {
                result.Add(new DiffLine(DiffKind.Same, start + x + 1, start + y + 1, a[start + x]));
                x++;
                y++;
            }
            else if (x < n && (y == m || common[x + 1, y] >= common[x, y + 1]))
            {
                // Removed before added where either keeps the most in common, as unified diffs print them.
                result.Add(new DiffLine(DiffKind.Removed, start + x + 1, 0, a[start + x]));
                x++;
            }
            else
            {
                result.Add(new DiffLine(DiffKind.Added, 0, start + y + 1, b[start + y]));
                y++;
            }
        }
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
