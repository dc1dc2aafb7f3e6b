namespace Berth.Engine.Controllers.Runtime;

/// <summary>What a reconcile that did not fail asks of its queue: nothing more, or another look after a while.</summary>
public readonly record struct Reconciled(TimeSpan? RequeueAfter)
{
    /// <summary>The key has converged (or will be queued again by the change it waits for).</summary>
    public static Reconciled Done => default;

    /// <summary>Look at the key again after <paramref name="delay"/>, e.g. while waiting on something no event announces.</summary>
    public static Reconciled After(TimeSpan delay) => new(delay);
}
