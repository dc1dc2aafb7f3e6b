using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.DryRun;

/// <summary>
/// The <c>dryRun</c> option of every write (<c>?dryRun=All</c>, or <c>"dryRun":["All"]</c> in
/// DeleteOptions): "All" is the only value Kubernetes knows; anything else is refused with 422.
/// </summary>
public static class DryRunOption
{
    public const string All = "All";

    /// <summary>
    /// True when the write is a dry run; throws the Invalid error of <paramref name="optionsKind"/>
    /// (<c>CreateOptions</c>, <c>UpdateOptions</c>, <c>PatchOptions</c>, <c>DeleteOptions</c>) for an unknown value.
    /// </summary>
    public static bool Parse(IReadOnlyList<string> values, string optionsKind) =>
        Check(values) is { } cause ? throw OptionsError.Invalid(optionsKind, [cause]) : values.Count > 0;

    /// <summary>The cause to report when <paramref name="values"/> holds anything but "All"; null when fine.</summary>
    internal static FieldCause? Check(IReadOnlyList<string> values) =>
        values.All(v => v == All) ? null : OptionsError.NotSupported("dryRun", OptionsError.GoStrings(values), [All]);
}
