using System.Globalization;

namespace Berth.Engine.Nodes;

/// <summary>
/// Durations written as Go's <c>time.Duration.String</c> writes them (<c>300ms</c>, <c>1.2s</c>,
/// <c>1m20s</c>, <c>5m0s</c>), because kubelet's messages carry them that way and users grep for them, and metrics windows are metav1.Durations.
/// </summary>
public static class GoDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{Number((decimal)duration.TotalMilliseconds)}ms";
        }

        var minutes = (long)duration.TotalMinutes;
        var seconds = Number((decimal)(duration - TimeSpan.FromMinutes(minutes)).TotalSeconds);
        var hours = minutes / 60;
        return hours > 0 ? $"{hours}h{minutes % 60}m{seconds}s"
            : minutes > 0 ? $"{minutes}m{seconds}s"
            : $"{seconds}s";
    }

    private static string Number(decimal value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
