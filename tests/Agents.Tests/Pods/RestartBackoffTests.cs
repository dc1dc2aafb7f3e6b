using Berth.Agents.Pods;

namespace Berth.Agents.Tests.Pods;

public sealed class RestartBackoffTests
{
    [Fact]
    public void The_wait_doubles_from_ten_seconds_to_five_minutes_and_starts_over_after_a_long_run()
    {
        var backoff = RestartBackoff.Default;

        var waits = Enumerable.Range(0, 7).Select(restarts => backoff.Delay(restarts, TimeSpan.FromSeconds(1)).TotalSeconds);

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], waits);
        Assert.Equal(TimeSpan.Zero, backoff.Delay(6, TimeSpan.FromMinutes(10)));
    }
}
