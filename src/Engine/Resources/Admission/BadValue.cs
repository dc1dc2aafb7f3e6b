using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission;

/// <summary>
/// A refused value as Kubernetes prints it in <c>Invalid value: ...</c>: strings quoted the way Go's
/// <c>%q</c> quotes them, numbers and booleans bare, and the few structures users meet often
/// (label maps, string lists, label selectors) in Go's <c>%#v</c> form, so messages match what
/// people search for. Other structures are shown as compact JSON.
/// </summary>
public readonly record struct BadValue
{
    private readonly string text;
    private readonly bool quoted;

    public BadValue(string rendered) => text = rendered;

    // A string is quoted only when a message shows it: validation passes every value it checks
    // (each label, each annotation) here, and nearly all of them are valid.
    private BadValue(string text, bool quoted)
    {
        this.text = text;
        this.quoted = quoted;
    }

    public static readonly BadValue Null = new("null");

    public string Rendered => quoted ? GoQuote(text) : text;

    public static implicit operator BadValue(string text) => new(text, quoted: true);

    public static implicit operator BadValue(long number) => new(number.ToString(CultureInfo.InvariantCulture));

    public static BadValue Of(bool value) => new(value ? "true" : "false");

    /// <summary>A JSON value: a string is quoted, a number or boolean bare, anything else compact JSON.</summary>
    public static BadValue Of(JsonNode? node) => node switch
    {
        null => Null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => new(value.ToJsonString()),
        _ => new(node.ToJsonString()),
    };

    /// <summary>Go's <c>%#v</c> of a <c>map[string]string</c>: keys sorted, <c>(nil)</c> when absent.</summary>
    public static BadValue StringMap(JsonObject? map) => new(GoStringMap(map));

    /// <summary>Go's <c>%#v</c> of a <c>[]string</c>.</summary>
    public static BadValue StringList(IEnumerable<string>? items) => new(GoStringList(items));

    /// <summary>Go's <c>%#v</c> of a <c>metav1.LabelSelector</c>, or <c>null</c> for none.</summary>
    public static BadValue LabelSelector(JsonObject? selector)
    {
        if (selector is null)
        {
            return Null;
        }

        var expressions = selector["matchExpressions"] as JsonArray;
        var renderedExpressions = expressions is null
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", expressions.OfType<JsonObject>().Select(e =>
                $"v1.LabelSelectorRequirement{{Key:{GoQuote(Text(e, "key"))}, Operator:{GoQuote(Text(e, "operator"))}, Values:{GoStringList((e["values"] as JsonArray)?.Select(v => v?.ToString() ?? ""))}}}")) + "}";
        return new($"v1.LabelSelector{{MatchLabels:{GoStringMap(selector["matchLabels"] as JsonObject)}, MatchExpressions:{renderedExpressions}}}");
    }

    /// <summary>Go's <c>%#v</c> of an <c>intstr.IntOrString</c> (maxSurge, maxUnavailable).</summary>
    public static BadValue IntOrString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
            ? new($"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{GoQuote(text)}}}")
            : new($"intstr.IntOrString{{Type:0, IntVal:{JsonFields.Integer(node) ?? 0}, StrVal:\"\"}}");

    public override string ToString() => Rendered;

    /// <summary>Go's <c>strconv.Quote</c>: escapes quotes, backslashes and what is not printable.</summary>
    public static string GoQuote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (IsPrintable(rune))
                    {
                        builder.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x80)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (rune.Value < 0x10000)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };

    private static string GoStringMap(JsonObject? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var pairs = map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{GoQuote(p.Key)}:{GoQuote(p.Value?.ToString() ?? "")}");
        return "map[string]string{" + string.Join(", ", pairs) + "}";
    }

    private static string GoStringList(IEnumerable<string>? items) =>
        items is null ? "[]string(nil)" : "[]string{" + string.Join(", ", items.Select(GoQuote)) + "}";

    private static string Text(JsonObject obj, string name) => obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
