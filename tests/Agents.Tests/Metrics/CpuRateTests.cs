using Berth.Agents.Metrics;
using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Tests.Metrics;

public sealed class CpuRateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0UL, 10_000_000_000UL, 10_000, 1_000_000_000L)]   // 10 s of CPU in 10 s: one core
    [InlineData(5_000_000_000UL, 5_250_000_000UL, 10_000, 25_000_000L)] // 0.25 s in 10 s: 25m
    [InlineData(0UL, 3_000_000_000UL, 1_500, 2_000_000_000L)]     // 3 s in 1.5 s: two cores
    [InlineData(7UL, 7UL, 10_000, 0L)]                            // idle
    public void The_rate_is_the_counters_growth_over_the_window_in_nanocores(ulong before, ulong after, int windowMs, long nanoCores) =>
        Assert.Equal(nanoCores, CpuRate.NanoCores(new CpuSample(before, T0), new CpuSample(after, T0.AddMilliseconds(windowMs))));

    [Fact]
    public void No_rate_without_a_window_or_when_the_counter_went_back()
    {
        Assert.Null(CpuRate.NanoCores(new CpuSample(1, T0), new CpuSample(2, T0)));
        Assert.Null(CpuRate.NanoCores(new CpuSample(1, T0), new CpuSample(2, T0.AddSeconds(-1))));
        Assert.Null(CpuRate.NanoCores(new CpuSample(5_000, T0), new CpuSample(4_000, T0.AddSeconds(10))));
    }

    [Fact]
    public void The_working_set_is_usage_minus_inactive_file_on_either_cgroup_version()
    {
        Assert.Equal(600UL, new MemoryStats(1000, 0, new Dictionary<string, ulong> { ["total_inactive_file"] = 400, ["inactive_file"] = 300 }).WorkingSet); // v1
        Assert.Equal(700UL, new MemoryStats(1000, 0, new Dictionary<string, ulong> { ["inactive_file"] = 300 }).WorkingSet); // v2
        Assert.Equal(1000UL, new MemoryStats(1000, 0).WorkingSet);
        Assert.Equal(0UL, new MemoryStats(100, 0, new Dictionary<string, ulong> { ["inactive_file"] = 300 }).WorkingSet);
    }

    [Fact]
    public void The_machines_figures_come_from_proc_stat_and_meminfo()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice, in hundredths of a second
        const string stat = "cpu  100 20 30 5000 40 5 6 7 0 0\ncpu0 50 10 15 2500 20 2 3 3 0 0\nintr 1\n";
        Assert.Equal((100UL + 20 + 30 + 5 + 6 + 7) * 10_000_000, HostUsage.BusyCpuNanoseconds(stat));
        Assert.Null(HostUsage.BusyCpuNanoseconds("intr 1\n"));

        const string meminfo = "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:   12000000 kB\n";
        Assert.Equal(4_000_000UL * 1024, HostUsage.MemoryWorkingSetBytes(meminfo));
        Assert.Null(HostUsage.MemoryWorkingSetBytes("MemTotal: 1 kB\n"));
    }
}
