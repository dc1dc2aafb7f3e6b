using System.Globalization;

namespace Berth.Bench.Api;

/// <summary>One scrape of the server's <c>/metrics</c> (Prometheus text): every sample by its series, name and labels.</summary>
internal sealed class ServerMetrics(Dictionary<string, double> series)
{
    public static async Task<ServerMetrics> ScrapeAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var series = new Dictionary<string, double>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                series[line[..space]] = value;
            }
        }

        return new ServerMetrics(series);
    }

    /// <summary>The sum over every series of <paramref name="name"/> whose labels contain each of <paramref name="labels"/>.</summary>
    public double Sum(string name, params string[] labels) =>
        series.Where(kv => (kv.Key == name || kv.Key.StartsWith(name + "{", StringComparison.Ordinal)) && labels.All(l => kv.Key.Contains(l, StringComparison.Ordinal)))
            .Sum(kv => kv.Value);
}

/// <summary>
/// What the server itself saw during one run, from two scrapes: its mean request time (for the
/// requests the run made), its store's mean write time and its group commits' mean size. Beside
/// the client's latency this splits a request into client and network, server, and store.
/// </summary>
internal sealed record ServerSide(double Requests, double RequestMeanMs, double StoreWriteMeanMs, double WritesPerGroupCommit)
{
    private const string Duration = "http_server_request_duration_seconds";

    public static ServerSide Between(ServerMetrics before, ServerMetrics after, string method)
    {
        double Delta(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        var byMethod = $"http_request_method=\"{method}\"";
        var requests = Delta(Duration + "_count", byMethod);
        var writes = Delta("berth_store_write_duration_seconds_count");
        var batches = Delta("berth_store_write_batch_size_count");
        return new ServerSide(
            requests,
            Math.Round(requests == 0 ? double.NaN : Delta(Duration + "_sum", byMethod) / requests * 1000, 3),
            Math.Round(writes == 0 ? double.NaN : Delta("berth_store_write_duration_seconds_sum") / writes * 1000, 3),
            Math.Round(batches == 0 ? double.NaN : Delta("berth_store_write_batch_size_sum") / batches, 2));
    }
}
