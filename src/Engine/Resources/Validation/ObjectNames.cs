using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Validation;

/// <summary>
/// The name rules of Kubernetes (apimachinery's <c>IsDNS1123Label</c>, <c>IsDNS1123Subdomain</c> and
/// <c>IsDNS1035Label</c>), with its messages word for word, since kubectl users search for them.
/// </summary>
public static partial class ObjectNames
{
    public const int LabelMaxLength = 63;
    public const int SubdomainMaxLength = 253;

    private const string LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string SubdomainFormat = LabelFormat + "(\\." + LabelFormat + ")*";
    private const string Dns1035Format = "[a-z]([-a-z0-9]*[a-z0-9])?";

    private static readonly string LabelRule = ValidationMessages.Regex(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        LabelFormat, "my-name", "123-abc");

    private static readonly string SubdomainRule = ValidationMessages.Regex(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        SubdomainFormat, "example.com");

    private static readonly string Dns1035Rule = ValidationMessages.Regex(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        Dns1035Format, "my-name", "abc-123");

    /// <summary>What is wrong with <paramref name="name"/> as a DNS-1123 label; empty when it is valid.</summary>
    public static IReadOnlyList<string> LabelErrors(string name)
    {
        var errors = new List<string>();
        if (name.Length > LabelMaxLength)
        {
            errors.Add(ValidationMessages.MaxLength(LabelMaxLength));
        }

        if (!Label().IsMatch(name))
        {
            // A valid subdomain of legal length that is no label can only be one with dots.
            errors.Add(Subdomain().IsMatch(name) ? "must not contain dots" : LabelRule);
        }

        return errors;
    }

    /// <summary>What is wrong with <paramref name="name"/> as a DNS-1123 subdomain; empty when it is valid.</summary>
    public static IReadOnlyList<string> SubdomainErrors(string name) => Errors(name, SubdomainMaxLength, Subdomain(), SubdomainRule);

    /// <summary>What is wrong with <paramref name="name"/> as a DNS-1035 label (a letter first); empty when it is valid.</summary>
    public static IReadOnlyList<string> Dns1035LabelErrors(string name) => Errors(name, LabelMaxLength, Dns1035(), Dns1035Rule);

    /// <summary>
    /// The rule Kubernetes applies to a kind's names: DNS-1035 labels for services (they become DNS
    /// names), DNS-1123 labels for namespaces, subdomains for the rest.
    /// </summary>
    public static IReadOnlyList<string> Errors(ResourceType type, string name) => type switch
    {
        { Group: "", Plural: "services" } => Dns1035LabelErrors(name),
        { Group: "", Plural: "namespaces" } => LabelErrors(name),
        _ => SubdomainErrors(name),
    };

    /// <summary>
    /// The same rule for a <c>generateName</c> prefix: a trailing '-' is allowed, since a random
    /// suffix follows (apimachinery's <c>maskTrailingDash</c>).
    /// </summary>
    public static IReadOnlyList<string> PrefixErrors(ResourceType type, string prefix) =>
        Errors(type, prefix.Length > 1 && prefix.EndsWith('-') ? prefix[..^2] + "a" : prefix);

    private static List<string> Errors(string name, int maxLength, Regex form, string rule)
    {
        var errors = new List<string>();
        if (name.Length > maxLength)
        {
            errors.Add(ValidationMessages.MaxLength(maxLength));
        }

        if (!form.IsMatch(name))
        {
            errors.Add(rule);
        }

        return errors;
    }

    [GeneratedRegex("^" + LabelFormat + "$")]
    private static partial Regex Label();

    [GeneratedRegex("^" + SubdomainFormat + "$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^" + Dns1035Format + "$")]
    private static partial Regex Dns1035();
}
