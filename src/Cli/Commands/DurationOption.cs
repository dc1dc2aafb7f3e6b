using System.CommandLine;
using System.Globalization;

namespace Berth.Cli.Commands;

/// <summary>
/// An option holding a duration written as operators write them: a number and a unit
/// (<c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>), or <c>0</c>. Read inside the verb, so a value
/// that does not parse is one line naming the option (as a bad <c>--listen</c> is), not a help page.
/// </summary>
internal sealed class DurationOption(string name, string description, TimeSpan defaultValue)
{
    // A string, not a TimeSpan: help then shows the default as written here (1d), not as 1.00:00:00.
    private readonly Option<string?> option = new(name) { Description = $"{description} [default: {Format(defaultValue)}]" };

    public void AddTo(Command command) => command.Options.Add(option);

    /// <summary>The value given, or the default; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public TimeSpan Value(ParseResult parse) => parse.GetValue(option) is not { } text
        ? defaultValue
        : TryParse(text, out var value) ? value : throw new FormatException($"{name} '{text}' is not a duration such as 90s, 30m, 24h or 7d");

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (text == "0")
        {
            return true;
        }

        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is null || amount > TimeSpan.MaxValue / unit.Value)
        {
            return false;
        }

        value = unit.Value * amount;
        return true;
    }

    /// <summary>How a duration is written in help: in its largest whole unit.</summary>
    public static string Format(TimeSpan value) => value switch
    {
        { Ticks: 0 } => "0",
        _ when value.Ticks % TimeSpan.TicksPerDay == 0 => $"{value.Ticks / TimeSpan.TicksPerDay}d",
        _ when value.Ticks % TimeSpan.TicksPerHour == 0 => $"{value.Ticks / TimeSpan.TicksPerHour}h",
        _ when value.Ticks % TimeSpan.TicksPerMinute == 0 => $"{value.Ticks / TimeSpan.TicksPerMinute}m",
        _ => $"{(long)value.TotalSeconds}s",
    };
}
