namespace Berth.Engine.Store.Watch;

/// <summary>
/// An auto-reset signal: many Set calls before a wait wake it once, and each wait that returns true
/// consumes the one wake-up. A semaphore whose count is at most 1: Set releases it only while it is
/// 0, checked and released under a lock (a wait only ever lowers the count, so it cannot pass 1),
/// rather than releasing blindly and catching the SemaphoreFullException of a second Set.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);
    private readonly Lock gate = new();

    public void Set()
    {
        lock (gate)
        {
            if (semaphore.CurrentCount == 0)
            {
                semaphore.Release();
            }
        }
    }

    /// <summary>True when set, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => semaphore.WaitAsync(timeout, ct);
}
