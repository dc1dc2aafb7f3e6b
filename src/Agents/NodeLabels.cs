namespace Berth.Agents;

/// <summary><c>--labels k=v,k2=v2</c>, as kubelet's <c>--node-labels</c> reads it; a malformed pair is a one-line error.</summary>
public static class NodeLabels
{
    public static IReadOnlyDictionary<string, string> Parse(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--labels: '{pair}' is not key=value");
            }

            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        return labels;
    }
}
