using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>An <c>IntOrString</c> that counts pods: a non-negative number or a percentage (<c>25%</c>), as rolling updates use.</summary>
internal static partial class IntOrPercent
{
    public static void ValidatePositive(JsonNode? value, FieldPath path, FieldErrors errors)
    {
        if (value is JsonValue text && text.TryGetValue<string>(out var percent))
        {
            if (!Percent().IsMatch(percent))
            {
                errors.Invalid(path, BadValue.IntOrString(value), ValidationMessages.Regex("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%"));
            }

            return;
        }

        if (JsonFields.Integer(value) is < 0 and var negative)
        {
            errors.Invalid(path, negative, ValidationMessages.NonNegative);
        }
    }

    public static void ValidateAtMostHundredPercent(JsonNode? value, FieldPath path, FieldErrors errors)
    {
        if (IsPercent(value) && Amount(value) > 100)
        {
            errors.Invalid(path, BadValue.IntOrString(value), "must not be greater than 100%");
        }
    }

    /// <summary>The number, or the percentage without its sign; 0 when unreadable.</summary>
    public static long Amount(JsonNode? value)
    {
        if (value is JsonValue text && text.TryGetValue<string>(out var percent))
        {
            return long.TryParse(percent.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ? amount : 0;
        }

        return JsonFields.Integer(value) ?? 0;
    }

    private static bool IsPercent(JsonNode? value) => value is JsonValue text && text.TryGetValue<string>(out var s) && Percent().IsMatch(s);

    [GeneratedRegex("^[0-9]+%$")]
    private static partial Regex Percent();
}
