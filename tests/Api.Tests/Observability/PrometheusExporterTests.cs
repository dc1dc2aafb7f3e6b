using System.Diagnostics.Metrics;
using Berth.Api.Observability;
using Berth.Api.Tests.Support;

namespace Berth.Api.Tests.Observability;

public sealed class PrometheusExporterTests : IDisposable
{
    // A meter name of this test's own: exporters in other tests of this process see it too, harmlessly.
    private readonly Meter meter = new($"Berth.ExporterTests.{Guid.NewGuid():N}");
    private readonly PrometheusExporter exporter = new();

    public void Dispose()
    {
        exporter.Dispose();
        meter.Dispose();
    }

    [Fact]
    public void A_histogram_in_seconds_becomes_cumulative_buckets_sum_and_count()
    {
        var histogram = meter.CreateHistogram<double>("berth.test.op.duration", "s", "How long an op took");
        histogram.Record(0.003, new KeyValuePair<string, object?>("op", "create"));
        histogram.Record(0.2, new KeyValuePair<string, object?>("op", "create"));
        histogram.Record(20, new KeyValuePair<string, object?>("op", "create"));

        var text = exporter.Scrape();

        Assert.Contains("# TYPE berth_test_op_duration_seconds histogram\n", text);
        Assert.Contains("# HELP berth_test_op_duration_seconds How long an op took\n", text);
        Assert.Contains("berth_test_op_duration_seconds_bucket{op=\"create\",le=\"0.005\"} 1\n", text);
        Assert.Contains("berth_test_op_duration_seconds_bucket{op=\"create\",le=\"0.1\"} 1\n", text);
        Assert.Contains("berth_test_op_duration_seconds_bucket{op=\"create\",le=\"0.25\"} 2\n", text);
        Assert.Contains("berth_test_op_duration_seconds_bucket{op=\"create\",le=\"10\"} 2\n", text);
        Assert.Contains("berth_test_op_duration_seconds_bucket{op=\"create\",le=\"+Inf\"} 3\n", text);
        Assert.Contains("berth_test_op_duration_seconds_sum{op=\"create\"} 20.203\n", text);
        Assert.Contains("berth_test_op_duration_seconds_count{op=\"create\"} 3\n", text);
    }

    [Fact]
    public void A_value_on_a_bucket_boundary_counts_in_that_bucket()
    {
        var histogram = meter.CreateHistogram<int>("berth.test.batch.size", "{write}", "Writes per batch",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 8, 64] });
        histogram.Record(8);

        var text = exporter.Scrape();

        Assert.Contains("berth_test_batch_size_bucket{le=\"1\"} 0\n", text);
        Assert.Contains("berth_test_batch_size_bucket{le=\"8\"} 1\n", text);
        Assert.Contains("berth_test_batch_size_bucket{le=\"64\"} 1\n", text);
    }

    [Fact]
    public void A_counter_gets_total_and_sums_per_label_set_whatever_the_tag_order()
    {
        var counter = meter.CreateCounter<long>("berth.test.requests", "{request}", "Requests served");
        counter.Add(2, new("verb", "get"), new("code", "200"));
        counter.Add(3, new("code", "200"), new("verb", "get"));
        counter.Add(1, new("code", "404"), new("verb", "get"));

        var text = exporter.Scrape();

        Assert.Contains("# TYPE berth_test_requests_total counter\n", text);
        Assert.Contains("berth_test_requests_total{code=\"200\",verb=\"get\"} 5\n", text);
        Assert.Contains("berth_test_requests_total{code=\"404\",verb=\"get\"} 1\n", text);
    }

    [Fact]
    public void An_observable_gauge_reports_what_its_callback_says_at_each_scrape()
    {
        var events = 7;
        meter.CreateObservableGauge("berth.test.cache.events", () => events, "{event}", "Events cached");

        var first = exporter.Scrape();
        events = 9;
        var second = exporter.Scrape();

        Assert.Contains("# TYPE berth_test_cache_events gauge\n", first);
        Assert.Contains("berth_test_cache_events 7\n", first);
        Assert.Contains("berth_test_cache_events 9\n", second);
        Assert.DoesNotContain("berth_test_cache_events 7\n", second);
    }

    [Fact]
    public void Label_values_are_escaped()
    {
        var counter = meter.CreateCounter<int>("berth.test.escapes");
        counter.Add(1, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));

        var text = exporter.Scrape();

        Assert.Contains("berth_test_escapes_total{path=\"a\\\"b\\\\c\\nd\"} 1\n", text);
        Assert.Equal("a\"b\\c\nd", PrometheusText.Parse(text).Named("berth_test_escapes_total").Single().Labels["path"]);
    }

    [Fact]
    public void Two_instruments_with_one_name_are_one_family_with_their_series_summed()
    {
        using var second = new Meter(meter.Name);
        meter.CreateCounter<int>("berth.test.shared").Add(2);
        second.CreateCounter<int>("berth.test.shared").Add(3);

        var text = exporter.Scrape();

        Assert.Single(PrometheusText.Parse(text).Named("berth_test_shared_total"), s => s.Value == 5);
    }

    [Fact]
    public void Meters_outside_berth_are_not_exported()
    {
        using var other = new Meter($"Other.{Guid.NewGuid():N}");
        other.CreateCounter<int>("other.requests").Add(1);

        Assert.DoesNotContain("other_requests", exporter.Scrape());
    }
}
