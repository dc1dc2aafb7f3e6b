using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Admission;

/// <summary>
/// A Kubernetes resource quantity (<c>100m</c>, <c>1.5</c>, <c>64Mi</c>, <c>1e3</c>) read into a
/// number, enough to compare requests with limits and compute a pod's QoS class. Canonical
/// re-spelling (<c>0.5</c> shown back as <c>500m</c>) is not done: quantities are kept as written.
/// </summary>
public static partial class Quantity
{
    /// <summary>The message Kubernetes' decoder gives for a malformed quantity.</summary>
    public const string FormatMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1e3m,
        ["M"] = 1e6m,
        ["G"] = 1e9m,
        ["T"] = 1e12m,
        ["P"] = 1e15m,
        ["E"] = 1e18m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>The value of <paramref name="text"/>, or null when it is not a quantity.</summary>
    public static decimal? Parse(string text)
    {
        var match = Form().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var suffix = match.Groups["suffix"].Value;
        if (Suffixes.TryGetValue(suffix, out var scale))
        {
            return number * scale;
        }

        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) && exponent is >= -28 and <= 28)
        {
            try
            {
                return number * Pow10(exponent);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return null;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10 : result / 10;
        }

        return result;
    }

    [GeneratedRegex(@"^(?<number>[+-]?[0-9.]+)(?<suffix>[eEinumkKMGTP]*[-+]?[0-9]*)$")]
    private static partial Regex Form();
}
