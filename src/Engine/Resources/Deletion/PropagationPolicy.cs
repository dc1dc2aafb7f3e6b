namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// What happens to an object's dependents (the objects whose ownerReferences name it) when it is
/// deleted, as Kubernetes' <c>DeleteOptions.propagationPolicy</c> says. The garbage collector acts on
/// the finalizer each policy leaves on the owner (<see cref="Finalizers"/>).
/// </summary>
public enum PropagationPolicy
{
    /// <summary>Dependents stay, their ownerReferences to this owner removed (the <c>orphan</c> finalizer).</summary>
    Orphan,

    /// <summary>The owner goes at once; the garbage collector removes dependents afterwards (kubectl's default).</summary>
    Background,

    /// <summary>The owner stays, marked, until its blocking dependents are gone (the <c>foregroundDeletion</c> finalizer).</summary>
    Foreground,
}
