using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Api.Tests.Support;

/// <summary>One sample line of the Prometheus text format: <c>name{label="value",...} number</c>.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4), written from the format's
/// specification: every line must be a HELP or TYPE comment or a well-formed sample, or parsing fails.
/// </summary>
internal sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyDictionary<string, string> types, IReadOnlyList<PrometheusSample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Metric family name to its TYPE (counter, gauge, histogram, ...).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<PrometheusSample>();
        var lines = text.Split('\n');
        Assert.Equal("", lines[^1]); // the format ends every line, the last one too, with \n
        foreach (var line in lines[..^1])
        {
            if (TypeLine().Match(line) is { Success: true } type)
            {
                Assert.True(types.TryAdd(type.Groups["name"].Value, type.Groups["type"].Value), $"second TYPE for {type.Groups["name"].Value}");
                continue;
            }

            if (HelpLine().IsMatch(line))
            {
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a Prometheus sample line: '{line}'");
            var labels = new Dictionary<string, string>();
            foreach (Match label in Label().Matches(sample.Groups["labels"].Value))
            {
                Assert.True(labels.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value)), $"label repeated in '{line}'");
            }

            samples.Add(new PrometheusSample(sample.Groups["name"].Value, labels, ParseValue(sample.Groups["value"].Value)));
        }

        return new PrometheusText(types, samples);
    }

    public IEnumerable<PrometheusSample> Named(string name) => Samples.Where(s => s.Name == name);

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Unescape(string value) => Regex.Replace(value, @"\\(.)", m => m.Groups[1].Value == "n" ? "\n" : m.Groups[1].Value);

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\]|\\.)*"",?)*)\})? (?<value>[^ ]+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
