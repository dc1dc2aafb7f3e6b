namespace Berth.Engine.Resources.Patching;

/// <summary>The patch formats the API applies, by their media types.</summary>
public enum PatchType
{
    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,

    /// <summary><c>application/strategic-merge-patch+json</c>.</summary>
    Strategic,

    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,
}
