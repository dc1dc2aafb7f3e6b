namespace Berth.Engine.Store.Write;

/// <summary>
/// How long a workspace's writer loop waits for company before a group commit. Writers that
/// await each write (API requests, controllers) send their next write only after the commit that
/// carried their last one: right after a commit, they arrive one by one over a few microseconds,
/// and a commit that left with the first of them would make every batch after it small. So when
/// the last batch carried several writes, the loop waits until as many are queued again, or until
/// <c>bound</c> has passed, whichever comes first. When the last batch carried one write (a lone
/// writer), nothing waits. A wait that ends at the bound teaches the next batch to expect what came.
/// </summary>
internal sealed class Linger(TimeSpan bound, TimeProvider time)
{
    private int queued;
    private int wanted; // 0 while nobody waits
    private TaskCompletionSource? filled;

    /// <summary>Writes queued and not yet taken into a batch.</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>A write was queued.</summary>
    public void Arrived()
    {
        var now = Interlocked.Increment(ref queued);
        var want = Volatile.Read(ref wanted);
        if (want > 0 && now >= want)
        {
            Interlocked.Exchange(ref filled, null)?.TrySetResult();
        }
    }

    /// <summary>A write was taken into a batch (or failed before it could be).</summary>
    public void Taken() => Interlocked.Decrement(ref queued);

    /// <summary>Waits until <paramref name="expected"/> writes are queued or the bound has passed; returns at once when one or fewer are expected.</summary>
    public async ValueTask WaitAsync(int expected)
    {
        if (expected <= 1 || bound <= TimeSpan.Zero || Queued >= expected)
        {
            return;
        }

        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref filled, signal);
        Interlocked.Exchange(ref wanted, expected); // a full fence: a write queued from here on sees it, one queued before is counted below
        try
        {
            if (Queued < expected)
            {
                await signal.Task.WaitAsync(bound, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            Volatile.Write(ref wanted, 0);
            Volatile.Write(ref filled, null);
        }
    }
}
