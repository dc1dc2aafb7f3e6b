using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// A container's resource requests and limits: known resource names, non-negative quantities, a
/// request no higher than its limit, and equal ones for resources that cannot be overcommitted
/// (hugepages and extended resources such as <c>nvidia.com/gpu</c>).
/// </summary>
internal static class ResourceRules
{
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage" };

    public static void Validate(ResourceType type, JsonObject? resources, FieldPath path, FieldErrors errors)
    {
        var limits = resources?.ObjectAt("limits");
        var requests = resources?.ObjectAt("requests");
        var limitsPath = path.Child("limits");
        var requestsPath = path.Child("requests");
        var limitValues = new Dictionary<string, (string Text, decimal Value)>(StringComparer.Ordinal);
        foreach (var (name, text) in limits.StringPairs())
        {
            if (Check(type, name, text, limitsPath.Key(name), errors) is { } value)
            {
                limitValues[name] = (text, value);
            }
        }

        foreach (var (name, text) in requests.StringPairs())
        {
            if (Check(type, name, text, requestsPath.Key(name), errors) is not { } value)
            {
                continue;
            }

            if (limitValues.TryGetValue(name, out var limit))
            {
                if (value != limit.Value && !Overcommittable(name))
                {
                    errors.Invalid(requestsPath, text, $"must be equal to {name} limit of {limit.Text}");
                }
                else if (value > limit.Value)
                {
                    errors.Invalid(requestsPath, text, $"must be less than or equal to {name} limit of {limit.Text}");
                }
            }
            else if (!Overcommittable(name))
            {
                errors.Required(limitsPath, "Limit must be set for non overcommitable resources");
            }
        }
    }

    private static decimal? Check(ResourceType type, string name, string text, FieldPath path, FieldErrors errors)
    {
        errors.Invalid(path, name, QualifiedNames.Errors(name));
        if (!name.Contains('/') && !Standard.Contains(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal))
        {
            errors.Invalid(path, name, "must be a standard resource for containers");
        }

        // A malformed quantity never decodes in Kubernetes: the whole body is refused as a bad request.
        var value = Quantity.Parse(text) ?? throw ResourceException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {Quantity.FormatMessage}");
        if (value < 0)
        {
            errors.Invalid(path, text, ValidationMessages.NonNegative);
        }
        else if (IsInteger(name) && value != decimal.Truncate(value))
        {
            errors.Invalid(path, text, "must be an integer");
        }

        return value;
    }

    private static bool Overcommittable(string name) => !name.StartsWith("hugepages-", StringComparison.Ordinal) && !IsExtended(name);

    private static bool IsInteger(string name) => IsExtended(name);

    // Extended resources carry a domain outside kubernetes.io (nvidia.com/gpu); they are counted, never shared.
    private static bool IsExtended(string name) =>
        name.Contains('/') && !name.StartsWith("kubernetes.io/", StringComparison.Ordinal) && !name.StartsWith("requests.", StringComparison.Ordinal);
}
