namespace Berth.Engine.Resources.Schemas;

/// <summary>
/// One field of a <see cref="SchemaType"/>: its JSON name, type, description, and how strategic
/// merge patches and server-side apply treat it (Kubernetes' <c>patchStrategy</c>,
/// <c>patchMergeKey</c> and <c>listType</c> markers).
/// </summary>
public sealed record SchemaField(string Name, FieldType Type, string Description)
{
    public bool Required { get; init; }

    /// <summary><c>merge</c>, <c>retainKeys</c> or <c>merge,retainKeys</c>; null when the field is replaced whole.</summary>
    public string? PatchStrategy { get; init; }

    /// <summary>The field that identifies an element of a list merged by key (<c>name</c> for containers).</summary>
    public string? MergeKey { get; init; }

    /// <summary><c>atomic</c>, <c>set</c> or <c>map</c>, for lists.</summary>
    public string? ListType { get; init; }

    /// <summary>The fields that identify an element of a <c>map</c> list.</summary>
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    /// <summary>The values a string field takes, for the documentation (the server does not enforce them while decoding).</summary>
    public IReadOnlyList<string> Enum { get; init; } = [];

    public bool MergesLists => PatchStrategy?.Split(',').Contains("merge") == true;
}
