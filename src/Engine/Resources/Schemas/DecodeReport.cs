namespace Berth.Engine.Resources.Schemas;

/// <summary>
/// What Kubernetes' decoder would say about a request body: the strict decoding errors
/// (<c>unknown field "spec.foo"</c>, <c>duplicate field "spec.replicas"</c>), which
/// <c>fieldValidation</c> decides the fate of, and the first error no mode accepts (a value of the
/// wrong type), worded as Go's JSON decoder words it.
/// </summary>
public sealed record DecodeReport(IReadOnlyList<string> StrictErrors, string? Error, bool HasDuplicates)
{
    /// <summary>The text Kubernetes gives a strict decoding failure: the errors joined by ", ".</summary>
    public string StrictMessage => $"strict decoding error: {string.Join(", ", StrictErrors)}";
}
