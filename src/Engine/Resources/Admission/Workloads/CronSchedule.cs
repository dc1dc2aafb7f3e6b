using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>
/// The cron syntax CronJobs accept, checked as robfig/cron's <c>ParseStandard</c> (which Kubernetes
/// uses) checks it: five fields (minute, hour, day of month, month, day of week) with ranges, steps,
/// lists and month and day names, or a descriptor (<c>@hourly</c>, <c>@every 90m</c>). Its error
/// messages are robfig/cron's, which Kubernetes passes on.
/// </summary>
public static partial class CronSchedule
{
    private static readonly (string Name, uint Min, uint Max, string[]? Names)[] Fields =
    [
        ("minute", 0, 59, null),
        ("hour", 0, 23, null),
        ("day of month", 1, 31, null),
        ("month", 1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        ("day of week", 0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ];

    private static readonly HashSet<string> Descriptors = new(StringComparer.Ordinal)
    {
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
    };

    /// <summary>Why <paramref name="spec"/> is not a schedule, or null when it is one.</summary>
    public static string? Error(string spec)
    {
        if (spec.Length == 0)
        {
            return "empty spec string";
        }

        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ');
            var zone = space < 0 ? spec[(spec.IndexOf('=') + 1)..] : spec[(spec.IndexOf('=') + 1)..space];
            if (!KnownTimeZone(zone))
            {
                return $"provided bad location {zone}: unknown time zone {zone}";
            }

            spec = space < 0 ? "" : spec[space..].Trim();
        }

        if (spec.StartsWith('@'))
        {
            return DescriptorError(spec);
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != Fields.Length)
        {
            return $"expected exactly {Fields.Length} fields, found {fields.Length}: [{string.Join(" ", fields)}]";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            foreach (var range in fields[i].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (RangeError(range, Fields[i]) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="zone"/> names a time zone of the IANA database.</summary>
    public static bool KnownTimeZone(string zone)
    {
        if (zone.Length == 0 || zone == "Local")
        {
            return zone == "Local";
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(zone);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }

    private static string? DescriptorError(string descriptor)
    {
        if (Descriptors.Contains(descriptor))
        {
            return null;
        }

        const string every = "@every ";
        if (descriptor.StartsWith(every, StringComparison.Ordinal))
        {
            var duration = descriptor[every.Length..];
            return GoDurationError(duration) is { } error ? $"failed to parse duration {descriptor}: {error}" : null;
        }

        return $"unrecognized descriptor: {descriptor}";
    }

    private static string? RangeError(string expression, (string Name, uint Min, uint Max, string[]? Names) bounds)
    {
        var rangeAndStep = expression.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        uint start, end;
        if (lowAndHigh[0] is "*" or "?")
        {
            (start, end) = (bounds.Min, bounds.Max);
        }
        else
        {
            if (Number(lowAndHigh[0], bounds.Names, out start) is { } error)
            {
                return error;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (Number(lowAndHigh[1], bounds.Names, out end) is { } highError)
                    {
                        return highError;
                    }

                    break;
                default:
                    return $"too many hyphens: {expression}";
            }
        }

        uint step = 1;
        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                if (Number(rangeAndStep[1], null, out step) is { } stepError)
                {
                    return stepError;
                }

                if (lowAndHigh.Length == 1)
                {
                    end = bounds.Max; // "N/step" means "N-max/step"
                }

                break;
            default:
                return $"too many slashes: {expression}";
        }

        if (start < bounds.Min)
        {
            return $"beginning of range ({start}) below minimum ({bounds.Min}): {expression}";
        }

        if (end > bounds.Max)
        {
            return $"end of range ({end}) above maximum ({bounds.Max}): {expression}";
        }

        if (start > end)
        {
            return $"beginning of range ({start}) beyond end of range ({end}): {expression}";
        }

        return step == 0 ? $"step of range should be a positive number: {expression}" : null;
    }

    private static string? Number(string text, string[]? names, out uint value)
    {
        var named = names is null ? -1 : Array.IndexOf(names, text.ToLowerInvariant());
        if (named >= 0)
        {
            value = (uint)(names == Fields[3].Names ? named + 1 : named);
            return null;
        }

        value = 0;
        if (!GoInteger().IsMatch(text) || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return $"failed to parse int from {text}: strconv.Atoi: parsing {Admission.BadValue.GoQuote(text)}: {(GoInteger().IsMatch(text) ? "value out of range" : "invalid syntax")}";
        }

        if (number < 0)
        {
            return $"negative number ({number}) not allowed: {text}";
        }

        value = (uint)Math.Min(number, uint.MaxValue);
        return null;
    }

    // Go's time.ParseDuration, for the errors it reports.
    private static string? GoDurationError(string duration)
    {
        var quoted = Admission.BadValue.GoQuote(duration);
        if (duration is "0" or "+0" or "-0")
        {
            return null;
        }

        if (duration.Length == 0)
        {
            return $"time: invalid duration {quoted}";
        }

        var match = GoDuration().Match(duration);
        if (match.Success)
        {
            return null;
        }

        var unit = UnitAfterNumber().Match(duration);
        if (unit.Success && unit.Groups["unit"].Value.Length == 0)
        {
            return $"time: missing unit in duration {quoted}";
        }

        if (unit.Success && unit.Groups["unit"].Value is var name && name is not ("ns" or "us" or "µs" or "μs" or "ms" or "s" or "m" or "h"))
        {
            return $"time: unknown unit {Admission.BadValue.GoQuote(name)} in duration {quoted}";
        }

        return $"time: invalid duration {quoted}";
    }

    [GeneratedRegex("^[+-]?[0-9]+$")]
    private static partial Regex GoInteger();

    [GeneratedRegex(@"^[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?<unit>[^0-9.]*)")]
    private static partial Regex UnitAfterNumber();
}
