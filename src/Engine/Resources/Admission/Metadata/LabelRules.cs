using System.Text.Json.Nodes;
using Berth.Engine.Resources.Selectors;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Metadata;

/// <summary>
/// Label maps and label selectors, checked as apimachinery's <c>ValidateLabels</c> and
/// <c>ValidateLabelSelector</c> do: every key a qualified name, every value a label value, and the
/// error reported at the map itself (<c>metadata.labels: Invalid value: "bad value!": ...</c>).
/// </summary>
internal static class LabelRules
{
    public static void Validate(JsonObject? labels, FieldPath path, FieldErrors errors)
    {
        foreach (var (key, value) in labels.StringPairs())
        {
            errors.Invalid(path, key, QualifiedNames.Errors(key));
            errors.Invalid(path, value, QualifiedNames.LabelValueErrors(value));
        }
    }

    public static void ValidateSelector(JsonObject? selector, FieldPath path, FieldErrors errors)
    {
        if (selector is null)
        {
            return;
        }

        Validate(selector.ObjectAt("matchLabels"), path.Child("matchLabels"), errors);
        foreach (var (expression, index) in selector.ArrayAt("matchExpressions").Items())
        {
            var at = path.Child("matchExpressions").Index(index);
            var values = expression.ArrayAt("values");
            var count = values?.Count ?? 0;
            var op = expression.TextAt("operator");
            switch (op)
            {
                case "In" or "NotIn" when count == 0:
                    errors.Required(at.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist" when count > 0:
                    errors.Forbidden(at.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    errors.Invalid(at.Child("operator"), op, "not a valid selector operator");
                    break;
            }

            var key = expression.TextAt("key");
            errors.Invalid(at.Child("key"), key, QualifiedNames.Errors(key));
            for (var i = 0; i < count; i++)
            {
                var value = values![i]?.ToString() ?? "";
                errors.Invalid(at.Child("values").Index(i), value, QualifiedNames.LabelValueErrors(value));
            }
        }
    }

    /// <summary>
    /// A controller's selector: Required when missing, else checked. False when it cannot be read,
    /// in which case Kubernetes matches nothing against it and reports no more about it.
    /// </summary>
    public static bool ValidateRequiredSelector(JsonObject? selector, FieldPath path, FieldErrors errors)
    {
        if (selector is null)
        {
            errors.Required(path);
            return true;
        }

        var before = errors.Count;
        ValidateSelector(selector, path, errors);
        return errors.Count == before;
    }

    /// <summary>True when neither matchLabels nor matchExpressions says anything (a selector that matches everything).</summary>
    public static bool IsEmpty(JsonObject selector) =>
        (selector.ObjectAt("matchLabels")?.Count ?? 0) + (selector.ArrayAt("matchExpressions")?.Count ?? 0) == 0;

    /// <summary>Whether <paramref name="selector"/> (matchLabels and matchExpressions) selects <paramref name="labels"/>.</summary>
    public static bool Matches(JsonObject selector, JsonObject? labels)
    {
        var set = labels.StringPairs().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return Requirements(selector).All(r => r.Matches(set));
    }

    private static IEnumerable<LabelRequirement> Requirements(JsonObject selector)
    {
        foreach (var (key, value) in selector.ObjectAt("matchLabels").StringPairs())
        {
            yield return new LabelRequirement(key, LabelOperator.Equals, new HashSet<string> { value });
        }

        foreach (var (expression, _) in selector.ArrayAt("matchExpressions").Items())
        {
            var values = new HashSet<string>((expression.ArrayAt("values") ?? []).Select(v => v?.ToString() ?? ""));
            var op = expression.TextAt("operator") switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                _ => LabelOperator.DoesNotExist,
            };
            yield return new LabelRequirement(expression.TextAt("key"), op, values);
        }
    }
}
