using System.Runtime.ExceptionServices;
using Berth.Engine.Store.Watch;

namespace Berth.Engine.Tests.Store.Watch;

/// <summary>The auto-reset signal the watch feed and the controllers' work queue wait on.</summary>
public sealed class AsyncSignalTests
{
    [Fact]
    public async Task Many_sets_before_a_wait_wake_it_once_and_throw_nothing_on_the_way()
    {
        var signal = new AsyncSignal();
        var thread = Environment.CurrentManagedThreadId;
        var thrown = new List<Exception>();
        void Seen(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                lock (thrown)
                {
                    thrown.Add(e.Exception);
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Seen;
        try
        {
            signal.Set();
            signal.Set();
            signal.Set();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Seen;
        }

        Assert.Empty(thrown); // a second Set is not an error caught and dropped: it finds the signal set and leaves it so
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_set_after_a_wait_took_the_last_one_wakes_the_next_wait()
    {
        var signal = new AsyncSignal();
        var waiting = signal.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        signal.Set();
        Assert.True(await waiting);
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        signal.Set();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Sets_racing_from_many_threads_leave_one_wake_up_at_most()
    {
        var signal = new AsyncSignal();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                signal.Set();
            }
        })));

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
