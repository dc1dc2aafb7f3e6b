using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c> query (<c>metadata.name=web,status.phase!=Running</c>) for one
/// kind. Only the fields <see cref="FieldLabels"/> lists for that kind are accepted; any other is
/// a 400, as in Kubernetes.
/// </summary>
public sealed class FieldSelector
{
    private readonly ResourceType? type;
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> terms;

    private FieldSelector(ResourceType? type, IReadOnlyList<(string Field, bool Equal, string Value)> terms)
    {
        this.type = type;
        this.terms = terms;
    }

    public static FieldSelector Everything { get; } = new(null, []);

    public bool IsEverything => terms.Count == 0;

    /// <summary>Parses <paramref name="text"/> for <paramref name="type"/>; throws <see cref="FormatException"/> naming an unsupported field.</summary>
    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (field, equal, value) = Split(term);
            if (!FieldLabels.Supports(type, field))
            {
                throw new FormatException($"field label not supported: {field}");
            }

            terms.Add((field, equal, value));
        }

        return new FieldSelector(type, terms);
    }

    public bool Matches(JsonObject obj) =>
        type is null || terms.All(t => FieldLabels.Read(type, t.Field, obj).Equals(t.Value, StringComparison.Ordinal) == t.Equal);

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
