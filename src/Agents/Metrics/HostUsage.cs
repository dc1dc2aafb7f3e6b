using System.Globalization;

namespace Berth.Agents.Metrics;

/// <summary>
/// The machine's own CPU and memory use, read from <c>/proc</c>, for the node's figures: kubelet
/// reports its node's root cgroup (everything on the machine, not only pods), and so does this.
/// </summary>
public static class HostUsage
{
    /// <summary>Linux's USER_HZ: <c>/proc/stat</c> counts in hundredths of a second.</summary>
    private const ulong NanosecondsPerTick = 10_000_000;

    /// <summary>
    /// CPU time spent on anything but idle and iowait, summed over every CPU, from the <c>cpu</c>
    /// line of <paramref name="procStat"/>; null when it cannot be read.
    /// </summary>
    public static ulong? BusyCpuNanoseconds(string procStat)
    {
        var line = procStat.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => ulong.TryParse(f, CultureInfo.InvariantCulture, out var v) ? v : 0UL).ToArray();
        if (fields is not { Length: >= 8 })
        {
            return null;
        }

        // user nice system idle iowait irq softirq steal (guest time is already in user)
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return busy * NanosecondsPerTick;
    }

    /// <summary>MemTotal minus MemAvailable, in bytes: what the machine uses and could not hand out at once.</summary>
    public static ulong? MemoryWorkingSetBytes(string procMeminfo)
    {
        ulong? Field(string name) => procMeminfo.Split('\n').FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var kib, ..]
            && ulong.TryParse(kib, CultureInfo.InvariantCulture, out var value) ? value * 1024 : null;
        return Field("MemTotal") is { } total && Field("MemAvailable") is { } available && total >= available ? total - available : null;
    }

    public static (ulong? CpuNanoseconds, ulong? MemoryBytes) Read() =>
        (Try("/proc/stat") is { } stat ? BusyCpuNanoseconds(stat) : null, Try("/proc/meminfo") is { } meminfo ? MemoryWorkingSetBytes(meminfo) : null);

    private static string? Try(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
