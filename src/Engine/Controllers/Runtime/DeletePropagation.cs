namespace Berth.Engine.Controllers.Runtime;

/// <summary>A delete's propagationPolicy: what happens to the object's dependents.</summary>
public enum DeletePropagation
{
    /// <summary>The object goes now; the garbage collector deletes its dependents after.</summary>
    Background,

    /// <summary>The object waits (finalizer <c>foregroundDeletion</c>) until the dependents that block it are gone.</summary>
    Foreground,

    /// <summary>The object waits (finalizer <c>orphan</c>) until its dependents no longer name it as owner.</summary>
    Orphan,
}
