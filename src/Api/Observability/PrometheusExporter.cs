using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Berth.Api.Observability;

/// <summary>
/// Renders Berth's metrics in the Prometheus text exposition format (0.0.4) for <c>GET /metrics</c>.
/// It stands in for OpenTelemetry.Exporter.Prometheus.AspNetCore, which the package registry here
/// does not carry, and follows the same naming rules (dots to underscores, the unit as a suffix,
/// <c>_total</c> on counters), so swapping it for that exporter later changes no dashboard.
/// A <see cref="MeterListener"/> aggregates in memory every instrument of the meters named
/// <c>Berth</c> or <c>Berth.*</c> and ASP.NET Core's HTTP server meter.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

    // OpenTelemetry's defaults for histograms that advise no boundaries of their own: one set
    // for durations in seconds (as ASP.NET Core advises), the general one otherwise.
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] GeneralBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, Metric> metrics = new();
    private readonly Lock scrapeGate = new();
    private readonly IMeterFactory? meterFactory;

    /// <param name="meterFactory">
    /// The host's meter factory. Meters it created for other hosts in the same process (tests run
    /// several servers at once) are left out; meters created without a factory are process-wide and kept.
    /// </param>
    public PrometheusExporter(IMeterFactory? meterFactory = null)
    {
        this.meterFactory = meterFactory;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (IsExported(instrument) && Metric.For(instrument) is { } metric)
            {
                metrics[instrument] = metric;
                l.EnableMeasurementEvents(instrument, metric);
            }
        };
        listener.MeasurementsCompleted = (instrument, state) => metrics.TryRemove(instrument, out _);
        Listen<byte>();
        Listen<short>();
        Listen<int>();
        Listen<long>();
        Listen<float>();
        Listen<double>();
        Listen<decimal>();
        listener.Start();
    }

    /// <summary>Every exported metric, as of now, in the text exposition format.</summary>
    public string Scrape()
    {
        lock (scrapeGate)
        {
            // Observable instruments report their current values only when asked; a series their
            // callback no longer reports (a watch cache that closed) must vanish, not linger.
            foreach (var metric in metrics.Values.Where(m => m.IsObservable))
            {
                metric.Clear();
            }

            listener.RecordObservableInstruments();
            return Render();
        }
    }

    public void Dispose() => listener.Dispose();

    private void Listen<T>() where T : struct, INumber<T> =>
        listener.SetMeasurementEventCallback<T>((_, value, tags, state) => ((Metric)state!).Record(double.CreateChecked(value), tags));

    private bool IsExported(Instrument instrument)
    {
        var meter = instrument.Meter;
        var ours = meter.Name == "Berth" || meter.Name.StartsWith("Berth.", StringComparison.Ordinal) || meter.Name == AspNetCoreHostingMeter;
        return ours && (meter.Scope is null || ReferenceEquals(meter.Scope, meterFactory));
    }

    private string Render()
    {
        var text = new StringBuilder();
        // Two instruments may share a name (two stores in one process, each with its meter):
        // Prometheus allows one family per name, so their series are summed into one.
        foreach (var family in metrics.Values.GroupBy(m => m.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            var series = new SortedDictionary<string, Series>(StringComparer.Ordinal);
            foreach (var metric in family.Where(m => m.Type == first.Type && m.Bounds.SequenceEqual(first.Bounds)))
            {
                metric.AddTo(series);
            }

            if (series.Count == 0)
            {
                continue;
            }

            text.Append("# HELP ").Append(first.Name).Append(' ').Append(EscapeHelp(first.Help)).Append('\n');
            text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Type.ToString().ToLowerInvariant()).Append('\n');
            foreach (var (labels, snapshot) in series)
            {
                if (first.Type == MetricType.Histogram)
                {
                    AppendHistogram(text, first.Name, labels, first.Bounds, snapshot);
                }
                else
                {
                    AppendSample(text, first.Name, labels, snapshot.Value);
                }
            }
        }

        return text.ToString();
    }

    private static void AppendHistogram(StringBuilder text, string name, string labels, double[] bounds, Series snapshot)
    {
        var separator = labels.Length == 0 ? "" : ",";
        long cumulative = 0;
        for (var i = 0; i <= bounds.Length; i++)
        {
            cumulative += snapshot.Buckets[i];
            var le = i < bounds.Length ? Number(bounds[i]) : "+Inf";
            AppendSample(text, name + "_bucket", $"{labels}{separator}le=\"{le}\"", cumulative);
        }

        AppendSample(text, name + "_sum", labels, snapshot.Sum);
        AppendSample(text, name + "_count", labels, snapshot.Count);
    }

    private static void AppendSample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string EscapeHelp(string text) => text.Replace("\\", @"\\").Replace("\n", @"\n");

    private static string EscapeLabelValue(string text) => text.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    /// <summary>Replaces what Prometheus does not allow in a name with '_'.</summary>
    private static string SanitizeName(string name, bool allowColon)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var valid = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!valid)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private enum MetricType
    {
        Counter,
        Gauge,
        Histogram,
    }

    /// <summary>How a new measurement combines with what a series holds.</summary>
    private enum Aggregation
    {
        Add,
        LastValue,
        Histogram,
    }

    /// <summary>One instrument: its Prometheus name and type, and its series by label set.</summary>
    private sealed class Metric
    {
        private readonly ConcurrentDictionary<string, Series> series = new(StringComparer.Ordinal);
        private readonly Aggregation aggregation;

        private Metric(string name, string help, MetricType type, Aggregation aggregation, bool isObservable, double[] bounds)
        {
            Name = name;
            Help = help;
            Type = type;
            this.aggregation = aggregation;
            IsObservable = isObservable;
            Bounds = bounds;
        }

        public string Name { get; }

        public string Help { get; }

        public MetricType Type { get; }

        public bool IsObservable { get; }

        /// <summary>Histogram bucket upper bounds, ascending; empty for other types.</summary>
        public double[] Bounds { get; }

        /// <summary>The metric an instrument becomes, or null for a kind of instrument this exporter does not know.</summary>
        public static Metric? For(Instrument instrument)
        {
            var kind = instrument.GetType() is { IsGenericType: true } t ? t.GetGenericTypeDefinition() : null;
            // Observable counters and up-down counters report running totals, so the latest report is the value.
            (MetricType Type, Aggregation Aggregation)? shape = kind switch
            {
                _ when kind == typeof(Counter<>) => (MetricType.Counter, Aggregation.Add),
                _ when kind == typeof(UpDownCounter<>) => (MetricType.Gauge, Aggregation.Add),
                _ when kind == typeof(Histogram<>) => (MetricType.Histogram, Aggregation.Histogram),
                _ when kind == typeof(Gauge<>) => (MetricType.Gauge, Aggregation.LastValue),
                _ when kind == typeof(ObservableCounter<>) => (MetricType.Counter, Aggregation.LastValue),
                _ when kind == typeof(ObservableUpDownCounter<>) => (MetricType.Gauge, Aggregation.LastValue),
                _ when kind == typeof(ObservableGauge<>) => (MetricType.Gauge, Aggregation.LastValue),
                _ => null,
            };
            if (shape is not { } s)
            {
                return null;
            }

            var bounds = s.Type == MetricType.Histogram ? BucketBounds(instrument) : [];
            return new Metric(PrometheusName(instrument, s.Type), instrument.Description ?? instrument.Name,
                s.Type, s.Aggregation, instrument.IsObservable, bounds);
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var entry = series.GetOrAdd(Labels(tags), static (_, buckets) => new Series(buckets), Bounds.Length + 1);
            lock (entry)
            {
                switch (aggregation)
                {
                    case Aggregation.Add:
                        entry.Value += value;
                        break;
                    case Aggregation.LastValue:
                        entry.Value = value;
                        break;
                    default:
                        var index = Array.BinarySearch(Bounds, value);
                        // An exact hit belongs to that bucket (le is inclusive); otherwise the first larger bound's.
                        entry.Buckets[index >= 0 ? index : ~index]++;
                        entry.Sum += value;
                        entry.Count++;
                        break;
                }
            }
        }

        public void Clear() => series.Clear();

        /// <summary>Adds this metric's series into <paramref name="into"/>, summing label sets already there.</summary>
        public void AddTo(IDictionary<string, Series> into)
        {
            foreach (var (labels, entry) in series)
            {
                if (!into.TryGetValue(labels, out var snapshot))
                {
                    into[labels] = snapshot = new Series(Bounds.Length + 1);
                }

                lock (entry)
                {
                    snapshot.Value += entry.Value;
                    snapshot.Sum += entry.Sum;
                    snapshot.Count += entry.Count;
                    for (var i = 0; i < entry.Buckets.Length; i++)
                    {
                        snapshot.Buckets[i] += entry.Buckets[i];
                    }
                }
            }
        }

        private static string PrometheusName(Instrument instrument, MetricType type)
        {
            var name = SanitizeName(instrument.Name, allowColon: true);
            var unit = instrument.Unit switch
            {
                null or "" or "1" => "",
                "s" => "seconds",
                "ms" => "milliseconds",
                "By" => "bytes",
                // Annotations such as {request} are for people, not part of the name.
                var u when u.StartsWith('{') => "",
                var u => SanitizeName(u, allowColon: false),
            };
            if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
            {
                name += "_" + unit;
            }

            return type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
        }

        private static double[] BucketBounds(Instrument instrument)
        {
            IEnumerable<double>? advised = instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
                Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
                Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
                _ => null,
            };
            return advised?.Order().ToArray() ?? (instrument.Unit == "s" ? SecondsBuckets : GeneralBuckets);
        }

        /// <summary>The label set as Prometheus writes it, sorted by name so the same tags always make the same series.</summary>
        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty)
            {
                return "";
            }

            var sorted = tags.ToArray();
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var text = new StringBuilder();
            foreach (var (key, value) in sorted)
            {
                if (text.Length > 0)
                {
                    text.Append(',');
                }

                var formatted = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";
                text.Append(SanitizeName(key, allowColon: false)).Append("=\"").Append(EscapeLabelValue(formatted)).Append('"');
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// One label set's running values, guarded by locking the instance; also the summed copy a
    /// scrape renders from, so rendering never holds a lock that measurements take.
    /// </summary>
    private sealed class Series(int buckets)
    {
        public double Value { get; set; }

        public double Sum { get; set; }

        public long Count { get; set; }

        public long[] Buckets { get; } = new long[buckets];
    }
}
