namespace Berth.Engine.Resources.Printing;

/// <summary>How Kubernetes fits a long list in a cell: the first three, then how many more (<c>a,b,c + 4 more...</c>).</summary>
internal static class ShortList
{
    private const int Shown = 3;

    public static string Of(IReadOnlyCollection<string> items)
    {
        var text = string.Join(",", items.Take(Shown));
        return items.Count > Shown ? $"{text} + {items.Count - Shown} more..." : text;
    }
}
