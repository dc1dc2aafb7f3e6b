using Berth.Engine.Nodes;

namespace Berth.Agents.Tests.Pods;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(300, "300ms")]
    [InlineData(1200, "1.2s")]
    [InlineData(10_000, "10s")]
    [InlineData(80_000, "1m20s")]
    [InlineData(300_000, "5m0s")]
    [InlineData(3_900_000, "1h5m0s")]
    public void Durations_read_as_go_writes_them(int milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
