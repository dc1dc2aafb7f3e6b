using System.Globalization;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// Kubernetes' human duration (apimachinery's <c>duration.HumanDuration</c>): about two significant
/// figures, so an AGE reads 45s, 3m2s, 25m, 4h10m, 20h, 2d3h, 30d, 3y120d. A clock up to a second behind
/// reads as 0s; further behind, as <c>&lt;invalid&gt;</c>.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        // Go truncates towards zero when it turns a duration into whole units; so does a C# cast.
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Units(seconds, "s");
        }

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            return Units(minutes, "m", seconds % 60, "s");
        }

        if (minutes < 60 * 3)
        {
            return Units(minutes, "m");
        }

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            return Units(hours, "h", minutes % 60, "m");
        }

        if (hours < 48)
        {
            return Units(hours, "h");
        }

        if (hours < 24 * 8)
        {
            return Units(hours / 24, "d", hours % 24, "h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Units(hours / 24, "d");
        }

        if (hours < 24 * 365 * 8)
        {
            return Units(hours / 24 / 365, "y", hours / 24 % 365, "d");
        }

        return Units(hours / 24 / 365, "y");
    }

    /// <summary>The time from <paramref name="then"/> to <paramref name="now"/>, or <c>&lt;unknown&gt;</c> without a time, as kubectl shows it.</summary>
    public static string Since(DateTimeOffset? then, DateTimeOffset now) =>
        then is { } time ? Format(now - time) : "<unknown>";

    private static string Units(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;

    // The smaller unit is left out when it is zero: 3m, not 3m0s.
    private static string Units(long value, string unit, long rest, string restUnit) =>
        rest == 0 ? Units(value, unit) : Units(value, unit) + Units(rest, restUnit);
}
