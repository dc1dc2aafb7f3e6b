using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Validation;

/// <summary>
/// The name rules of Kubernetes (apimachinery's <c>IsDNS1123Label</c> and <c>IsDNS1123Subdomain</c>),
/// with its messages word for word, since kubectl users search for them.
/// </summary>
public static partial class ObjectNames
{
    public const int LabelMaxLength = 63;
    public const int SubdomainMaxLength = 253;

    private const string LabelRule = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string SubdomainRule = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    /// <summary>What is wrong with <paramref name="name"/> as a DNS-1123 label; empty when it is valid.</summary>
    public static IReadOnlyList<string> LabelErrors(string name) => Errors(name, LabelMaxLength, Label(), LabelRule);

    /// <summary>What is wrong with <paramref name="name"/> as a DNS-1123 subdomain; empty when it is valid.</summary>
    public static IReadOnlyList<string> SubdomainErrors(string name) => Errors(name, SubdomainMaxLength, Subdomain(), SubdomainRule);

    /// <summary>The rule Kubernetes applies to a kind's names: labels for namespaces and services, subdomains for the rest.</summary>
    public static IReadOnlyList<string> Errors(ResourceType type, string name) =>
        type.Group.Length == 0 && type.Plural is "namespaces" or "services" ? LabelErrors(name) : SubdomainErrors(name);

    private static List<string> Errors(string name, int maxLength, Regex form, string rule)
    {
        var errors = new List<string>();
        if (name.Length > maxLength)
        {
            errors.Add($"must be no more than {maxLength} characters");
        }

        if (!form.IsMatch(name))
        {
            errors.Add(rule);
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
