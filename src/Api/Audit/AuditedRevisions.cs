namespace Berth.Api.Audit;

/// <summary>
/// Which revisions' audit rows this server has stored lately (<see cref="AuditLog"/> tells it after
/// each batch), and a wait for one: so a reader who saw a write before its row (the log stores rows
/// off the request path) can read again once the row is there instead of guessing when. The last
/// <see cref="Remembered"/> are kept, so a row stored just before the wait began still counts.
/// </summary>
public sealed class AuditedRevisions
{
    public const int Remembered = 1024;

    private readonly Lock gate = new();
    private readonly Queue<(string Workspace, long Revision)> order = new();
    private readonly HashSet<(string Workspace, long Revision)> recent = [];
    private readonly Dictionary<(string Workspace, long Revision), List<TaskCompletionSource>> waiters = [];

    /// <summary>Notes the rows of <paramref name="batch"/> as stored, and ends the waits for their revisions.</summary>
    public void Stored(IEnumerable<AuditEvent> batch)
    {
        List<TaskCompletionSource>? ended = null;
        lock (gate)
        {
            foreach (var e in batch)
            {
                if (e is not { Workspace: { } workspace, Revision: { } revision })
                {
                    continue;
                }

                var key = (workspace, revision);
                if (recent.Add(key))
                {
                    order.Enqueue(key);
                    if (order.Count > Remembered)
                    {
                        recent.Remove(order.Dequeue());
                    }
                }

                if (waiters.Remove(key, out var waiting))
                {
                    (ended ??= []).AddRange(waiting);
                }
            }
        }

        foreach (var waiter in ended ?? [])
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>True once this server has stored the audit row of <paramref name="revision"/> (at once if it has already), false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitAsync(string workspace, long revision, TimeSpan timeout, CancellationToken ct)
    {
        var key = (workspace, revision);
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (recent.Contains(key))
            {
                return true;
            }

            if (!waiters.TryGetValue(key, out var waiting))
            {
                waiters[key] = waiting = [];
            }

            waiting.Add(waiter);
        }

        await Task.WhenAny(waiter.Task, Task.Delay(timeout, ct));
        if (waiter.Task.IsCompleted)
        {
            return true;
        }

        lock (gate)
        {
            if (waiters.TryGetValue(key, out var waiting) && waiting.Remove(waiter) && waiting.Count == 0)
            {
                waiters.Remove(key);
            }
        }

        ct.ThrowIfCancellationRequested();
        return waiter.Task.IsCompleted;
    }
}
