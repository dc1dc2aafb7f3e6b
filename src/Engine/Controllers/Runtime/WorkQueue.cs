using Berth.Engine.Store;
using Berth.Engine.Store.Watch;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// The keys a controller has to reconcile, with the guarantees of client-go's workqueue:
/// <list type="bullet">
/// <item>a key added while it is queued is queued once (dedup);</item>
/// <item>a key is never handed to two workers at once: added while a worker has it, it is queued
/// again only when that worker calls <see cref="Done"/>, so the change is not lost;</item>
/// <item><see cref="AddAfter"/> holds a key back until a time (the earliest asked for wins);</item>
/// <item><see cref="AddRateLimited"/> retries a failing key after a delay that doubles with each
/// failure in a row, until <see cref="Forget"/> says it succeeded.</item>
/// </list>
/// Workers loop: <see cref="GetAsync"/>, reconcile, then <see cref="Forget"/> or
/// <see cref="AddRateLimited"/>, and always <see cref="Done"/>.
/// </summary>
public sealed class WorkQueue<T> : IDisposable where T : notnull
{
    private readonly Lock gate = new();
    private readonly Queue<T> ready = new();
    // Keys that need a reconcile: those in ready, and those a worker holds that changed meanwhile.
    private readonly HashSet<T> dirty = [];
    private readonly HashSet<T> processing = [];
    private readonly Dictionary<T, int> failures = [];
    private readonly Dictionary<T, DateTimeOffset> waiting = [];
    private readonly PriorityQueue<T, DateTimeOffset> waitingByTime = new();
    private readonly AsyncSignal readySignal = new();
    private readonly TimeProvider time;
    private readonly RetryPolicy retry;
    private readonly ITimer timer;
    private DateTimeOffset? timerDue;
    private bool shuttingDown;

    public WorkQueue(RetryPolicy? retry = null, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        this.retry = retry ?? RetryPolicy.Default;
        timer = this.time.CreateTimer(_ => ReleaseDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready for a worker now (not those held back by a delay, nor those being processed).</summary>
    public int Depth
    {
        get
        {
            lock (gate)
            {
                return ready.Count;
            }
        }
    }

    /// <summary>Keys held back by <see cref="AddAfter"/> or <see cref="AddRateLimited"/>.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    public void Add(T key)
    {
        lock (gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed; a zero or negative delay adds it now.</summary>
    public void AddAfter(T key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            var due = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(key, out var already) && already <= due)
            {
                return;
            }

            waiting[key] = due;
            waitingByTime.Enqueue(key, due);
            ArmTimerLocked();
        }
    }

    /// <summary>Adds <paramref name="key"/> after the retry delay its failures in a row call for, and counts one more failure.</summary>
    public void AddRateLimited(T key)
    {
        TimeSpan delay;
        lock (gate)
        {
            var count = failures.GetValueOrDefault(key) + 1;
            failures[key] = count;
            delay = retry.After(count);
        }

        AddAfter(key, delay);
    }

    /// <summary>The key succeeded: its next failure starts the backoff from the beginning.</summary>
    public void Forget(T key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    /// <summary>How many times in a row <paramref name="key"/> has been retried for failing.</summary>
    public int Failures(T key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// The next key to reconcile, now the caller's alone until it calls <see cref="Done"/>; waits
    /// while none is ready. Returns default (and false) once the queue shuts down.
    /// </summary>
    public async Task<(bool Ok, T Key)> GetAsync(CancellationToken ct)
    {
        while (true)
        {
            lock (gate)
            {
                if (ready.TryDequeue(out var key))
                {
                    dirty.Remove(key);
                    processing.Add(key);
                    if (ready.Count > 0)
                    {
                        readySignal.Set(); // one Set wakes one waiter: pass the wake-up on while keys remain
                    }

                    return (true, key);
                }

                if (shuttingDown)
                {
                    readySignal.Set(); // and wake the next worker, so every one of them sees it
                    return (false, default!);
                }
            }

            await readySignal.WaitAsync(Timeout.InfiniteTimeSpan, ct);
        }
    }

    /// <summary>The worker is finished with <paramref name="key"/>; if it was added meanwhile, it is queued again now.</summary>
    public void Done(T key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (dirty.Contains(key) && !shuttingDown)
            {
                EnqueueLocked(key);
            }
        }
    }

    /// <summary>Stops handing out keys: waiting and later <see cref="GetAsync"/> calls return false; adds are ignored.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            shuttingDown = true;
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        readySignal.Set();
    }

    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
    }

    private void AddLocked(T key)
    {
        if (shuttingDown || !dirty.Add(key))
        {
            return; // already queued, or already due again after its worker is done
        }

        if (!processing.Contains(key))
        {
            EnqueueLocked(key);
        }
    }

    private void EnqueueLocked(T key)
    {
        ready.Enqueue(key);
        readySignal.Set();
    }

    /// <summary>Moves every key whose time has come from waiting to ready, then re-arms the timer for the next one.</summary>
    private void ReleaseDue()
    {
        lock (gate)
        {
            timerDue = null;
            var now = time.GetUtcNow();
            while (waitingByTime.TryPeek(out var key, out var due) && due <= now)
            {
                waitingByTime.Dequeue();
                // A key asked for again earlier has a newer entry; the stale one is skipped.
                if (waiting.TryGetValue(key, out var current) && current == due)
                {
                    waiting.Remove(key);
                    AddLocked(key);
                }
            }

            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        if (shuttingDown || !waitingByTime.TryPeek(out _, out var next) || (timerDue is { } armed && armed <= next))
        {
            return;
        }

        timerDue = next;
        var delay = next - time.GetUtcNow();
        timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
