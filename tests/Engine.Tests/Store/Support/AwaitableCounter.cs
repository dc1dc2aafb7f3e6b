namespace Berth.Engine.Tests.Store.Support;

/// <summary>A count that a test can await reaching a value, instead of sleeping and hoping.</summary>
internal sealed class AwaitableCounter
{
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Reached)> _waiters = [];
    private long _value;

    public long Value
    {
        get
        {
            lock (_gate)
            {
                return _value;
            }
        }
    }

    public void Increment()
    {
        List<TaskCompletionSource> reached;
        lock (_gate)
        {
            _value++;
            reached = _waiters.Where(w => w.Target <= _value).Select(w => w.Reached).ToList();
            _waiters.RemoveAll(w => w.Target <= _value);
        }

        reached.ForEach(r => r.TrySetResult());
    }

    /// <summary>Completes once the count reaches <paramref name="target"/>.</summary>
    public Task WhenAtLeast(long target)
    {
        lock (_gate)
        {
            if (_value >= target)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, reached));
            return reached.Task;
        }
    }

    /// <summary>
    /// Waits until the count reaches <paramref name="target"/>; fails at once if <paramref name="workers"/>
    /// (the tasks that count) fail or finish short of it, and after <paramref name="within"/> otherwise.
    /// </summary>
    public async Task WaitForAsync(long target, Task workers, TimeSpan within)
    {
        var reached = WhenAtLeast(target);
        var first = await Task.WhenAny(reached, workers, Task.Delay(within));
        if (first == workers && !reached.IsCompleted)
        {
            await workers; // rethrows what stopped them
            Assert.Fail($"the workers finished at {Value}, short of {target}");
        }

        if (first != reached && first != workers)
        {
            Assert.Fail($"the count stayed at {Value}, short of {target}, for {within.TotalSeconds}s");
        }
    }
}
