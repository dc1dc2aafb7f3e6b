using Berth.Engine.Resources.Selectors;

namespace Berth.Engine.Resources.Objects;

/// <summary>What a list or watch asks for, parsed from its query string.</summary>
public sealed record ListOptions
{
    public LabelSelector Labels { get; init; } = LabelSelector.Everything;

    public FieldSelector Fields { get; init; } = FieldSelector.Everything;

    /// <summary>At most this many objects per page; 0 means all.</summary>
    public int Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>The revision to list at or watch after; null means the newest.</summary>
    public long? ResourceVersion { get; init; }

    /// <summary>How a list reads <see cref="ResourceVersion"/>: at exactly that revision, or at one no older.</summary>
    public ResourceVersionMatch Match { get; init; } = ResourceVersionMatch.Exact;

    /// <summary>Whether the selectors select everything, so no object can stop matching.</summary>
    public bool SelectsEverything => Labels.IsEverything && Fields.IsEverything;

    public bool Matches(ObjectView obj) =>
        Fields.Matches(obj.Object) && Labels.Matches(obj.Labels);
}
