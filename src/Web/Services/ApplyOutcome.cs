namespace Berth.Web.Services;

/// <summary>An error in a manifest, at the line it concerns (1-based; 0 when no line can be named).</summary>
public sealed record ManifestError(int Line, string Message);

/// <summary>What became of one document of a manifest: created, configured, unchanged, or refused with its errors.</summary>
public sealed record DocumentOutcome(string Kind, string? Namespace, string Name, string Result, IReadOnlyList<ManifestError> Errors)
{
    /// <summary>The result of a replace refused because the object changed since the user opened it (409).</summary>
    public const string Conflict = "conflict";

    public bool Failed => Errors.Count > 0;
}

/// <param name="DryRun">True when nothing was stored: the server only checked what applying would do.</param>
public sealed record ApplyOutcome(bool DryRun, IReadOnlyList<DocumentOutcome> Documents, IReadOnlyList<ManifestError> Errors)
{
    public bool Failed => Errors.Count > 0 || Documents.Any(d => d.Failed);

    public IEnumerable<ManifestError> AllErrors => Errors.Concat(Documents.SelectMany(d => d.Errors));
}
