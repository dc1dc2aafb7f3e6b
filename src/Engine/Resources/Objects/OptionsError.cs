namespace Berth.Engine.Resources.Objects;

/// <summary>
/// The 422 Kubernetes answers for bad request options (<c>CreateOptions</c>, <c>DeleteOptions</c>, ...):
/// <c>DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ...</c>, each field a cause.
/// </summary>
public static class OptionsError
{
    private const string MetaGroup = "meta.k8s.io";

    public static ResourceException Invalid(string optionsKind, IReadOnlyList<FieldCause> causes)
    {
        var reasons = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        var summary = causes.Count == 1 ? reasons : $"[{reasons}]";
        return new ResourceException(422, "Invalid", $"{optionsKind}.{MetaGroup} \"\" is invalid: {summary}")
        {
            Group = MetaGroup,
            Kind = optionsKind,
            Causes = causes,
        };
    }

    /// <summary>A value outside the allowed set, worded as apimachinery's <c>field.NotSupported</c>.</summary>
    public static FieldCause NotSupported(string field, string goValue, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field, $"Unsupported value: {goValue}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    /// <summary>How Go's <c>%#v</c> prints a string slice, which is how Kubernetes quotes a bad dryRun.</summary>
    public static string GoStrings(IEnumerable<string> values) => "[]string{" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "}";
}
