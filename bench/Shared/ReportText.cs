using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Bench;

/// <summary>How the harnesses write results.json and the figures of results.md.</summary>
internal static class ReportText
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string N(double v) => double.IsNaN(v) ? "–" : v.ToString("N0", CultureInfo.InvariantCulture);

    public static string F(double v, int digits = 2) => double.IsNaN(v) ? "–" : v.ToString("F" + digits, CultureInfo.InvariantCulture);

    public static string Ratio(double a, double b) => double.IsNaN(a) || double.IsNaN(b) || b == 0 ? "–" : (a / b).ToString("F2", CultureInfo.InvariantCulture) + "×";

    public static string Met(bool ok) => ok ? "**met**" : "**not met**";

    /// <summary>
    /// What every results.md opens with: the title, a banner on a --quick run, the notes, how much
    /// other work shared the machine (<paramref name="others"/>: cores per run), and the machine.
    /// </summary>
    public static void AppendPreamble(StringBuilder md, string title, bool quick, IEnumerable<string> notes,
        IEnumerable<double> others, string measured, double maxOther, IReadOnlyList<KeyValuePair<string, string>> machine)
    {
        md.AppendLine(title);
        md.AppendLine();
        if (quick)
        {
            md.AppendLine("> **--quick run: a smoke test with short durations and small sizes, not a measurement.**");
            md.AppendLine();
        }

        foreach (var note in notes.Distinct())
        {
            md.AppendLine($"> {note}");
            md.AppendLine();
        }

        var busy = others.Where(v => !double.IsNaN(v)).ToList();
        if (busy.Count > 0)
        {
            md.AppendLine($"Other work on the machine during the measurements (neither {measured}): " +
                          $"median {F(Stats.Median(busy))} cores, max {F(busy.Max())} of {Environment.ProcessorCount}" +
                          (busy.Max() > maxOther ? " — **some runs shared the machine; their figures are low by that much CPU**." : " (a quiet machine)."));
            md.AppendLine();
        }

        if (machine.Count > 0)
        {
            md.AppendLine("| machine | |");
            md.AppendLine("|---|---|");
            foreach (var (k, v) in machine)
            {
                md.AppendLine($"| {k} | {v} |");
            }

            md.AppendLine();
        }
    }

    /// <summary>Re-renders results.md beside a saved results.json (e.g. after a change to the report's layout), and prints it.</summary>
    public static async Task RerenderAsync<T>(string savedJson, Func<T, string> render)
    {
        var loaded = JsonSerializer.Deserialize<T>(await File.ReadAllTextAsync(savedJson), Json)!;
        var rendered = render(loaded);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(savedJson))!, "results.md"), rendered);
        Console.WriteLine(rendered);
    }
}
