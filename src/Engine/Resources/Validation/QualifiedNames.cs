using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Validation;

/// <summary>
/// Label keys, annotation keys and other "qualified names" (<c>example.com/MyName</c>), and label
/// values, with apimachinery's <c>IsQualifiedName</c> and <c>IsValidLabelValue</c> messages.
/// </summary>
public static partial class QualifiedNames
{
    public const int NameMaxLength = 63;
    public const int LabelValueMaxLength = 63;

    private const string NameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string NameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + NameFormat + ")?";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>What is wrong with <paramref name="value"/> as a qualified name; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part " + ValidationMessages.Empty);
                }
                else
                {
                    errors.AddRange(ObjectNames.SubdomainErrors(prefix).Select(e => "prefix part " + e));
                }

                break;
            default:
                errors.Add("a qualified name " + ValidationMessages.Regex(NameMessage, NameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part " + ValidationMessages.Empty);
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add("name part " + ValidationMessages.MaxLength(NameMaxLength));
        }

        if (!Name().IsMatch(name))
        {
            errors.Add("name part " + ValidationMessages.Regex(NameMessage, NameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>What is wrong with <paramref name="value"/> as a label value; empty when valid.</summary>
    public static IReadOnlyList<string> LabelValueErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > LabelValueMaxLength)
        {
            errors.Add(ValidationMessages.MaxLength(LabelValueMaxLength));
        }

        if (!LabelValue().IsMatch(value))
        {
            errors.Add(ValidationMessages.Regex(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    [GeneratedRegex("^" + NameFormat + "$")]
    private static partial Regex Name();

    [GeneratedRegex("^" + LabelValueFormat + "$")]
    private static partial Regex LabelValue();
}
