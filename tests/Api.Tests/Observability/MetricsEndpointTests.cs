using System.Net;
using System.Text;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Observability;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_prometheus_text_with_the_http_and_store_histograms_and_watch_cache_gauges()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        await Http.StatusAsync(server.Url("/livez"));
        await using (var watch = await server.Store.WatchAsync("acme", "/pods/", 0))
        {
            await server.Store.CreateAsync("acme", "/pods/web", Encoding.UTF8.GetBytes("""{"kind":"Pod"}"""));
            await watch.Events.ReadAsync();
        }

        await server.Store.ListAsync("acme", "/pods/");

        var (status, body, contentType) = await Http.GetAsync(server.Url("/metrics"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/plain; version=0.0.4", contentType);
        var metrics = PrometheusText.Parse(body);
        Assert.Equal("histogram", metrics.Types["http_server_request_duration_seconds"]);
        Assert.Equal("histogram", metrics.Types["berth_store_write_duration_seconds"]);
        Assert.Equal("histogram", metrics.Types["berth_store_list_duration_seconds"]);
        Assert.Equal("histogram", metrics.Types["berth_store_watch_delivery_duration_seconds"]);
        Assert.Equal("gauge", metrics.Types["berth_store_watch_cache_events"]);
        Assert.Equal("gauge", metrics.Types["berth_store_watch_cache_lag"]);
        Assert.Contains(metrics.Named("http_server_request_duration_seconds_count"), s => s.Labels["http_route"] == "/livez" && s.Value >= 1);
        Assert.Contains(metrics.Named("berth_store_write_duration_seconds_count"), s => s.Value >= 1);
        foreach (var histogram in metrics.Types.Where(t => t.Value == "histogram").Select(t => t.Key))
        {
            AssertWellFormedHistogram(metrics, histogram);
        }
    }

    /// <summary>Buckets are cumulative: they never decrease with <c>le</c>, and the +Inf bucket equals the count.</summary>
    private static void AssertWellFormedHistogram(PrometheusText metrics, string name)
    {
        foreach (var count in metrics.Named(name + "_count"))
        {
            var buckets = metrics.Named(name + "_bucket")
                .Where(b => b.Labels.Where(l => l.Key != "le").All(l => count.Labels.GetValueOrDefault(l.Key) == l.Value) && b.Labels.Count == count.Labels.Count + 1)
                .OrderBy(b => b.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(b.Labels["le"], System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            Assert.NotEmpty(buckets);
            Assert.Equal("+Inf", buckets[^1].Labels["le"]);
            Assert.Equal(count.Value, buckets[^1].Value);
            Assert.True(buckets.Zip(buckets.Skip(1)).All(pair => pair.First.Value <= pair.Second.Value), $"{name} buckets decrease");
            Assert.Single(metrics.Named(name + "_sum"), s => s.Labels.Count == count.Labels.Count && s.Labels.All(l => count.Labels[l.Key] == l.Value));
        }
    }
}
