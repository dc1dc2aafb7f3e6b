using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Observability;

internal static class MetricsEndpoints
{
    /// <summary><c>GET /metrics</c>: what Prometheus scrapes.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType));
        return endpoints;
    }
}
