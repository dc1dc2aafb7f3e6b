using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing;

/// <summary>The addresses of a load balancer's status (a Service's or an Ingress's): each ingress point's IP, or its hostname, once each.</summary>
internal static class LoadBalancerAddresses
{
    public static IReadOnlyList<string> Of(JsonNode? loadBalancerStatus) =>
        Fields.Objects(loadBalancerStatus, "ingress")
            .Select(point => Fields.Text(point, "ip") is { Length: > 0 } ip ? ip : Fields.Text(point, "hostname"))
            .Where(address => address.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
