using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Validation;

/// <summary>Port numbers and IANA service names (<c>http</c>, <c>metrics</c>), as apimachinery checks them.</summary>
public static partial class PortRules
{
    public static IReadOnlyList<string> NumberErrors(long port) =>
        port is >= 1 and <= 65535 ? [] : [ValidationMessages.InclusiveRange(1, 65535)];

    public static IReadOnlyList<string> NameErrors(string port)
    {
        var errors = new List<string>();
        if (port.Length > 15)
        {
            errors.Add(ValidationMessages.MaxLength(15));
        }

        if (!Charset().IsMatch(port))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!OneLetter().IsMatch(port))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex Charset();

    [GeneratedRegex("[a-z]")]
    private static partial Regex OneLetter();
}
