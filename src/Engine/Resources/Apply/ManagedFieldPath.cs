using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Apply;

/// <summary>
/// The path to one field an apply manager can own, as Kubernetes' structured-merge-diff writes it in
/// <c>managedFields[].fieldsV1</c>: <c>f:name</c> for a field, <c>k:{"name":"web"}</c> for the
/// element of a list keyed by its fields, <c>v:"x"</c> for the element of a set, and a final
/// <c>.</c> for a keyed element itself (as opposed to its fields).
/// </summary>
public sealed class ManagedFieldPath : IEquatable<ManagedFieldPath>
{
    public const string Self = ".";

    private readonly string[] elements;
    private readonly int hash;

    public ManagedFieldPath(IEnumerable<string> elements)
        : this(elements.ToArray())
    {
    }

    private ManagedFieldPath(string[] elements)
    {
        this.elements = elements;
        var hash = new HashCode();
        foreach (var element in elements)
        {
            hash.Add(element, StringComparer.Ordinal);
        }

        this.hash = hash.ToHashCode();
    }

    public IReadOnlyList<string> Elements => elements;

    /// <summary>The path ends at a keyed list element itself (<c>.</c>), not at a field.</summary>
    public bool IsSelf => elements.Length > 0 && elements[^1] == Self;

    public ManagedFieldPath Append(string element) => new([.. elements, element]);

    public ManagedFieldPath Parent => new(elements[..^1]);

    public bool StartsWith(ManagedFieldPath prefix) =>
        prefix.elements.Length <= elements.Length && prefix.elements.AsSpan().SequenceEqual(elements.AsSpan(0, prefix.elements.Length));

    public static string Field(string name) => "f:" + name;

    /// <summary>The element of a keyed list: its key fields in name order, as structured-merge-diff sorts them.</summary>
    public static string Key(JsonObject element, IEnumerable<string> keys)
    {
        var key = new JsonObject();
        // The schemas list most keys in name order already (one key, or containerPort before protocol): sorting them again cost more than the rest.
        foreach (var name in keys is IReadOnlyList<string> list && InOrder(list) ? (IEnumerable<string>)list : keys.Order(StringComparer.Ordinal))
        {
            key[name] = element[name]?.DeepClone();
        }

        return "k:" + key.ToJsonString();
    }

    private static bool InOrder(IReadOnlyList<string> names)
    {
        for (var i = 1; i < names.Count; i++)
        {
            if (string.CompareOrdinal(names[i - 1], names[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    public static string Value(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    /// <summary>The path as Kubernetes prints it in a conflict: <c>.spec.template.spec.containers[name="web"].image</c>.</summary>
    public override string ToString() => string.Concat(elements.Select(Shown));

    /// <summary>
    /// <see cref="ToString"/>, with each element's text looked up in <paramref name="shown"/> first (and
    /// remembered there): the paths of one object share most elements, and a keyed element is parsed
    /// JSON, so sorting an object's paths by their text parses each key once instead of once per field under it.
    /// </summary>
    internal string ToString(Dictionary<string, string> shown)
    {
        var parts = new string[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            parts[i] = Part(elements[i], shown);
        }

        return string.Concat(parts);
    }

    private static string Part(string element, Dictionary<string, string> shown)
    {
        if (!shown.TryGetValue(element, out var part))
        {
            shown[element] = part = Shown(element);
        }

        return part;
    }

    private static string Shown(string element) => element[0] switch
    {
        'f' => "." + element[2..],
        'k' => "[" + string.Join(',', JsonNode.Parse(element[2..])!.AsObject().Select(p => $"{p.Key}={p.Value?.ToJsonString(JsonSerializerOptions.Default)}")) + "]",
        'v' => "[=" + element[2..] + "]",
        _ => "",
    };

    public bool Equals(ManagedFieldPath? other) => other is not null && hash == other.hash && elements.AsSpan().SequenceEqual(other.elements);

    public override bool Equals(object? obj) => obj is ManagedFieldPath other && Equals(other);

    public override int GetHashCode() => hash;
}
