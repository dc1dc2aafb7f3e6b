namespace Berth.Engine.Resources.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c> query (<c>metadata.name=web,metadata.namespace!=kube-system</c>).
/// Only the fields every kind supports in Kubernetes are accepted; any other is a 400, as there.
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] SupportedFields = ["metadata.name", "metadata.namespace"];

    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> terms;

    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms)
    {
        this.terms = terms;
    }

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming an unsupported field.</summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (field, equal, value) = Split(term);
            if (!SupportedFields.Contains(field))
            {
                throw new FormatException($"field label not supported: {field}");
            }

            terms.Add((field, equal, value));
        }

        return new FieldSelector(terms);
    }

    /// <summary>Whether an object with this name and namespace (empty for cluster-scoped) is selected.</summary>
    public bool Matches(string name, string @namespace) => terms.All(t =>
        (t.Field == "metadata.name" ? name : @namespace).Equals(t.Value, StringComparison.Ordinal) == t.Equal);

    private static (string Field, bool Equal, string Value) Split(string term)
    {
        foreach (var (symbol, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = term.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
            {
                return (term[..at].Trim(), equal, term[(at + symbol.Length)..].Trim());
            }
        }

        throw new FormatException($"invalid field selector: '{term}': expected field=value or field!=value");
    }
}
