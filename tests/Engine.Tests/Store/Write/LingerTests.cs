using Berth.Engine.Store.Write;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Write;

/// <summary>The group commit's wait for company: never for a lone writer, never past its bound.</summary>
public sealed class LingerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(1);

    private readonly ManualClock clock = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Expecting_at_most_one_write_does_not_wait_at_all(int expected)
    {
        var linger = new Linger(Bound, clock);

        var wait = linger.WaitAsync(expected);

        Assert.True(wait.IsCompleted);
        Assert.Equal(0, clock.TimersCreated);
    }

    [Fact]
    public void Writes_already_queued_count_toward_the_expected_ones()
    {
        var linger = new Linger(Bound, clock);
        Arrive(linger, 3);

        var wait = linger.WaitAsync(3);

        Assert.True(wait.IsCompleted);
        Assert.Equal(0, clock.TimersCreated);
    }

    [Fact]
    public async Task A_wait_ends_when_the_expected_writes_have_queued_although_the_clock_never_moves()
    {
        var linger = new Linger(Bound, clock);
        var wait = linger.WaitAsync(3).AsTask();

        Arrive(linger, 3);

        await wait.WaitAsync(Patience.Events);
    }

    [Fact]
    public async Task A_wait_for_writes_that_do_not_come_ends_at_its_bound()
    {
        var linger = new Linger(Bound, clock);
        Arrive(linger, 1);
        var wait = linger.WaitAsync(3).AsTask();

        clock.Advance(Bound - TimeSpan.FromTicks(1));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromTicks(1));

        await wait.WaitAsync(Patience.Events);
        Assert.Equal(1, linger.Queued);
    }

    [Fact]
    public void Taking_writes_into_a_batch_leaves_them_out_of_the_count()
    {
        var linger = new Linger(Bound, clock);
        Arrive(linger, 3);
        linger.Taken();
        linger.Taken();

        Assert.Equal(1, linger.Queued);
        Assert.False(linger.WaitAsync(2).IsCompleted);
    }

    private static void Arrive(Linger linger, int writes)
    {
        for (var i = 0; i < writes; i++)
        {
            linger.Arrived();
        }
    }
}
