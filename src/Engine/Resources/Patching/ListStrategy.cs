namespace Berth.Engine.Resources.Patching;

/// <summary>How a strategic merge patch treats one list field (Kubernetes' <c>patchStrategy</c> and <c>patchMergeKey</c> tags).</summary>
public sealed record ListStrategy(string? MergeKey, bool MergePrimitives)
{
    /// <summary>The list is replaced whole, as in a JSON merge patch (the default for unmarked fields).</summary>
    public static readonly ListStrategy Replace = new(null, false);

    /// <summary>A list of scalars that the patch adds to (such as <c>finalizers</c>).</summary>
    public static readonly ListStrategy Union = new(null, true);

    public static ListStrategy ByKey(string key) => new(key, false);
}
