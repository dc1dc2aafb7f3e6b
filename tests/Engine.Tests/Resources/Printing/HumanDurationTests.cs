using Berth.Engine.Resources.Printing;

namespace Berth.Engine.Tests.Resources.Printing;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(-1, "0s")] // a clock a second behind still reads as now
    [InlineData(-2, "<invalid>")]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(3 * 60 + 2, "3m2s")]
    [InlineData(9 * 60 + 59, "9m59s")]
    [InlineData(10 * 60 + 30, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(4 * 3600 + 10 * 60, "4h10m")]
    [InlineData(8 * 3600 + 10 * 60, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(2 * 86400 + 3 * 3600, "2d3h")]
    [InlineData(7 * 86400, "7d")]
    [InlineData(30 * 86400 + 5 * 3600, "30d")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(3 * 365 * 86400 + 120 * 86400, "3y120d")]
    [InlineData(9 * 365 * 86400 + 120 * 86400, "9y")]
    public void Durations_read_as_Kubernetes_writes_them(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Fractions_of_a_unit_are_dropped_not_rounded() =>
        Assert.Equal("59s", HumanDuration.Format(TimeSpan.FromMilliseconds(59_999)));

    [Fact]
    public void A_missing_time_is_unknown() =>
        Assert.Equal("<unknown>", HumanDuration.Since(null, DateTimeOffset.UnixEpoch));
}
