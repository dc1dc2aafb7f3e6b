using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Validation;

/// <summary>Keys of ConfigMap and Secret data, which become file names in volumes (<c>IsConfigMapKey</c>).</summary>
public static partial class ConfigKeys
{
    private const string Format = "[-._a-zA-Z0-9]+";

    public static IReadOnlyList<string> Errors(string key)
    {
        var errors = new List<string>();
        if (key.Length > ObjectNames.SubdomainMaxLength)
        {
            errors.Add(ValidationMessages.MaxLength(ObjectNames.SubdomainMaxLength));
        }

        if (!Key().IsMatch(key))
        {
            errors.Add(ValidationMessages.Regex("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", Format, "key.name", "KEY_NAME", "key-name"));
        }

        if (key == ".")
        {
            errors.Add("must not be '.'");
        }
        else if (key == "..")
        {
            errors.Add("must not be '..'");
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }

        return errors;
    }

    [GeneratedRegex("^" + Format + "$")]
    private static partial Regex Key();
}
