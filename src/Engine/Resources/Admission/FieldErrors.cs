using System.Collections;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Admission;

/// <summary>
/// Everything wrong with one object, collected before answering so the client hears about every
/// field at once, as Kubernetes' <c>field.ErrorList</c>. Each kind of error words its message as
/// apimachinery's <c>field.Error.ErrorBody</c> does (<c>Required value</c>, <c>Invalid value: "x": ...</c>,
/// <c>Unsupported value: ...</c>), since kubectl prints those messages as they are.
/// </summary>
public sealed class FieldErrors : IReadOnlyList<FieldCause>
{
    private readonly List<FieldCause> causes = [];

    public int Count => causes.Count;

    public FieldCause this[int index] => causes[index];

    public void Required(FieldPath path, string detail = "") =>
        Add("FieldValueRequired", path, WithDetail("Required value", detail));

    public void Invalid(FieldPath path, BadValue value, string detail) =>
        Add("FieldValueInvalid", path, WithDetail($"Invalid value: {value}", detail));

    public void NotSupported(FieldPath path, BadValue value, params string[] supported) =>
        Add("FieldValueNotSupported", path, WithDetail($"Unsupported value: {value}",
            supported.Length == 0 ? "" : "supported values: " + string.Join(", ", supported.Select(BadValue.GoQuote))));

    public void Duplicate(FieldPath path, BadValue value) => Add("FieldValueDuplicate", path, $"Duplicate value: {value}");

    public void NotFound(FieldPath path, BadValue value) => Add("FieldValueNotFound", path, $"Not found: {value}");

    public void Forbidden(FieldPath path, string detail) => Add("FieldValueForbidden", path, WithDetail("Forbidden", detail));

    public void TooLong(FieldPath path, int maxBytes) => Add("FieldValueTooLong", path, $"Too long: may not be more than {maxBytes} bytes");

    /// <summary>One Invalid error per message, the way Kubernetes reports each rule a value breaks.</summary>
    public void Invalid(FieldPath path, BadValue value, IEnumerable<string> details)
    {
        foreach (var detail in details)
        {
            Invalid(path, value, detail);
        }
    }

    /// <summary>A field that must be set and, when set, follow <paramref name="rule"/>: Required when empty, else one Invalid per broken rule.</summary>
    public void RequiredAndValid(FieldPath path, string value, Func<string, IReadOnlyList<string>> rule)
    {
        if (value.Length == 0)
        {
            Required(path);
        }
        else
        {
            Invalid(path, value, rule(value));
        }
    }

    /// <summary>An enumerated field: Required when empty, Unsupported (listing <paramref name="supported"/> in Kubernetes' order) when unknown.</summary>
    public void OneOf(FieldPath path, string value, params string[] supported)
    {
        if (value.Length == 0)
        {
            Required(path);
        }
        else if (!supported.Contains(value, StringComparer.Ordinal))
        {
            NotSupported(path, value, supported);
        }
    }

    /// <summary>Refuses the object with 422 Invalid naming every field, when anything was found.</summary>
    public void ThrowIfAny(ResourceType type, string? name)
    {
        if (causes.Count > 0)
        {
            throw ResourceException.Invalid(type, name ?? "", causes);
        }
    }

    public IEnumerator<FieldCause> GetEnumerator() => causes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Add(string reason, FieldPath path, string message) => causes.Add(new FieldCause(reason, path.Text, message));

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : body + ": " + detail;
}
