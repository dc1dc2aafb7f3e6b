using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Tests.Controllers.Support;

namespace Berth.Engine.Tests.Controllers.Runtime;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly RetryPolicy Retry = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));

    [Fact]
    public async Task A_key_added_many_times_while_queued_is_handed_out_once()
    {
        using var queue = new WorkQueue<string>();

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");

        Assert.Equal(2, queue.Depth);
        Assert.Equal("a", (await queue.GetAsync(CancellationToken.None)).Key);
        Assert.Equal("b", (await queue.GetAsync(CancellationToken.None)).Key);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_key_added_while_a_worker_holds_it_waits_for_Done_and_then_comes_once_more()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var (_, held) = await queue.GetAsync(CancellationToken.None);

        queue.Add("a");
        queue.Add("a");
        var second = queue.GetAsync(CancellationToken.None);

        Assert.Equal(0, queue.Depth);
        Assert.False(second.IsCompleted, "a key a worker holds was handed to another worker");
        queue.Done(held);
        Assert.Equal("a", (await second.WaitAsync(Patience)).Key);
        queue.Done("a");
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_key_not_added_again_while_held_is_gone_after_Done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var (_, key) = await queue.GetAsync(CancellationToken.None);

        queue.Done(key);

        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Many_workers_never_hold_the_same_key_at_once()
    {
        using var queue = new WorkQueue<int>();
        var holders = new int[5];
        var overlaps = 0;
        var reconciles = 0;
        using var stop = new CancellationTokenSource();

        async Task Worker()
        {
            while (true)
            {
                var (ok, key) = await queue.GetAsync(stop.Token);
                if (!ok)
                {
                    return;
                }

                if (Interlocked.Increment(ref holders[key]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref holders[key]);
                Interlocked.Increment(ref reconciles);
                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToList();
        for (var i = 0; i < 20_000; i++)
        {
            queue.Add(i % holders.Length);
        }

        await Berth.Tests.Support.Eventually.WaitForAsync("the queue to drain",
            () => Task.FromResult(queue.Depth + holders.Sum()), left => left == 0, Patience);
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(Patience);

        Assert.Equal(0, overlaps);
        Assert.InRange(reconciles, holders.Length, 20_000);
    }

    [Fact]
    public async Task A_failing_key_is_retried_after_a_delay_that_doubles_with_each_failure_until_forgotten()
    {
        var clock = new ManualTimeProvider();
        using var queue = new WorkQueue<string>(Retry, clock);

        queue.AddRateLimited("a");
        Assert.Equal((0, 1), (queue.Depth, queue.Waiting));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Depth);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Depth);
        queue.Done((await queue.GetAsync(CancellationToken.None)).Key);

        queue.AddRateLimited("a");
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(0, queue.Depth);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(2, queue.Failures("a"));
        queue.Done((await queue.GetAsync(CancellationToken.None)).Key);

        queue.Forget("a");
        queue.AddRateLimited("a");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
    }

    [Fact]
    public void The_retry_delay_doubles_from_the_first_and_stops_at_the_ceiling()
    {
        Assert.Equal(
            [1, 2, 4, 8, 8, 8],
            new[] { 1, 2, 3, 4, 5, 1000 }.Select(failures => Retry.After(failures).TotalSeconds));
    }

    [Fact]
    public void A_delayed_key_comes_at_the_earliest_time_asked_for_and_only_once()
    {
        var clock = new ManualTimeProvider();
        using var queue = new WorkQueue<string>(Retry, clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal((1, 0), (queue.Depth, queue.Waiting));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Depth);
    }

    [Fact]
    public async Task Shutting_down_releases_every_waiting_worker_with_no_key()
    {
        using var queue = new WorkQueue<string>();
        var waiting = Enumerable.Range(0, 3).Select(_ => queue.GetAsync(CancellationToken.None)).ToList();

        queue.ShutDown();
        queue.Add("late");

        var results = await Task.WhenAll(waiting).WaitAsync(Patience);
        Assert.All(results, r => Assert.False(r.Ok));
        Assert.Equal(0, queue.Depth);
    }
}
