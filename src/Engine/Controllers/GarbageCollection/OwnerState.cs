namespace Berth.Engine.Controllers.GarbageCollection;

/// <summary>What the garbage collector found an owner reference to point at.</summary>
internal enum OwnerState
{
    /// <summary>The owner exists and is not waiting on its dependents (or cannot be checked): the dependent stays.</summary>
    Solid,

    /// <summary>No object with that uid exists any more: the reference is dangling.</summary>
    Absent,

    /// <summary>The owner is being deleted in the foreground: it waits for its dependents to go first.</summary>
    WaitingForDependents,
}
