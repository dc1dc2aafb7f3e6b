using System.Globalization;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// One entry of an Accept header: <c>application/json;as=Table;v=v1;g=meta.k8s.io;q=0.9</c>, read into its
/// type, the Kubernetes conversion parameters (as, g, v) and its quality. Other parameters are ignored.
/// </summary>
internal sealed record MediaRange(string Type, string? As, string? Group, string? Version, double Quality)
{
    /// <summary>The entries of an Accept header, best first; entries of equal quality keep the client's order.</summary>
    public static IReadOnlyList<MediaRange> ParseAccept(string? header) =>
        (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .Where(range => range.Quality > 0)
            .OrderByDescending(range => range.Quality) // a stable sort
            .ToList();

    /// <summary>Whether the range admits JSON: <c>application/json</c>, <c>application/*</c> or <c>*/*</c>.</summary>
    public bool AcceptsJson => Type is "application/json" or "application/*" or "*/*";

    private static MediaRange Parse(string entry)
    {
        var parts = entry.Split(';', StringSplitOptions.TrimEntries);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=');
            if (equals > 0)
            {
                parameters[part[..equals].Trim()] = part[(equals + 1)..].Trim().Trim('"');
            }
        }

        var quality = parameters.TryGetValue("q", out var q) && double.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 1.0;
        return new MediaRange(parts[0].ToLowerInvariant(), parameters.GetValueOrDefault("as"), parameters.GetValueOrDefault("g"), parameters.GetValueOrDefault("v"), quality);
    }
}
