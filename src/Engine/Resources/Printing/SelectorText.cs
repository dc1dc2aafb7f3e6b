using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// Label maps and label selectors written as Kubernetes writes them in tables: <c>app=web,tier=front</c>,
/// <c>env in (dev,prod),!legacy</c>, requirements sorted by key and values sorted within a requirement.
/// </summary>
internal static class SelectorText
{
    /// <summary>A map of labels (a Service's selector, a node selector), or <c>&lt;none&gt;</c> when empty.</summary>
    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "<none>" : string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>A <c>LabelSelector</c> (matchLabels and matchExpressions), or <c>&lt;none&gt;</c> when it selects nothing or everything.</summary>
    public static string Selector(JsonNode? selector) => Requirements(selector) switch
    {
        null => "<error>",
        { Length: 0 } => "<none>",
        var text => text,
    };

    /// <summary>
    /// The selector as its requirements only: empty when missing or empty, which is what a Deployment's
    /// row shows (it does not write <c>&lt;none&gt;</c>); null when an operator is unknown.
    /// </summary>
    public static string? Requirements(JsonNode? selector)
    {
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in Fields.Map(selector, "matchLabels"))
        {
            requirements.Add((key, $"{key}={value}"));
        }

        foreach (var expression in Fields.Objects(selector, "matchExpressions"))
        {
            var key = Fields.Text(expression, "key");
            var values = string.Join(",", Fields.Texts(expression, "values").Order(StringComparer.Ordinal));
            string? text = Fields.Text(expression, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => null,
            };
            if (text is null)
            {
                return null;
            }

            requirements.Add((key, text));
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }
}
