using System.Text.Json.Nodes;

namespace Berth.Web.Live;

/// <summary>
/// A container's probes in a few words, as <c>kubectl describe pod</c> prints them:
/// <c>readiness: http-get :8080/ready every 10s</c>. Unset timings take Kubernetes' defaults.
/// </summary>
public static class ProbeText
{
    private static readonly (string Field, string Name)[] Kinds = [("startupProbe", "startup"), ("livenessProbe", "liveness"), ("readinessProbe", "readiness")];

    /// <summary>One line per probe the container declares, in the order the agent runs them.</summary>
    public static IReadOnlyList<string> Of(JsonNode? container) =>
        [.. Kinds.Where(k => container?[k.Field] is JsonObject).Select(k => $"{k.Name}: {Describe((JsonObject)container![k.Field]!)}")];

    private static string Describe(JsonObject probe)
    {
        var action = probe switch
        {
            _ when probe["httpGet"] is JsonObject get => $"http-get {Scheme(get)}:{Text(get["port"])}{Text(get["path"]) ?? "/"}",
            _ when probe["tcpSocket"] is JsonObject tcp => $"tcp-socket :{Text(tcp["port"])}",
            _ when probe["grpc"] is JsonObject grpc => $"grpc :{Text(grpc["port"])}",
            _ when probe["exec"]?["command"] is JsonArray command => $"exec [{string.Join(" ", command.Select(Text))}]",
            _ => "no action",
        };
        var period = Number(probe, "periodSeconds", 10);
        var delay = Number(probe, "initialDelaySeconds", 0);
        var failures = Number(probe, "failureThreshold", 3);
        return $"{action} every {period}s{(delay > 0 ? $", after {delay}s" : "")}, {failures} failures";
    }

    private static string Scheme(JsonObject get) => Text(get["scheme"]) is { } scheme && scheme.Equals("HTTPS", StringComparison.OrdinalIgnoreCase) ? "https " : "";

    private static long Number(JsonObject probe, string field, long byDefault) =>
        probe[field] is JsonValue value && value.TryGetValue<long>(out var n) ? n : byDefault;

    private static string? Text(JsonNode? node) => JsonText.Of(node);
}
