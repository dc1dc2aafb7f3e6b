using System.Globalization;
using System.Text;
using Berth.Engine.Resources.Admission;

namespace Berth.Agents.Pods;

/// <summary>
/// The pod's own facts as containers read them (Kubernetes' downward API), for env
/// <c>fieldRef</c>s and downwardAPI volume files, written as kubelet writes them.
/// </summary>
public static class DownwardApi
{
    /// <param name="podIp">The pod's address (its infra container's), for <c>status.podIP</c>.</param>
    public static string Field(PodManifest pod, NodeIdentity node, string podIp, string path) => path switch
    {
        "metadata.name" => pod.Metadata.Name,
        "metadata.namespace" => pod.Metadata.Namespace,
        "metadata.uid" => pod.Uid,
        "metadata.labels" => FormatMap(pod.Metadata.Labels),
        "metadata.annotations" => FormatMap(pod.Metadata.Annotations),
        "spec.nodeName" => pod.Spec.NodeName ?? "",
        "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "",
        "status.hostIP" or "status.hostIPs" => node.Address,
        "status.podIP" or "status.podIPs" => podIp,
        _ when path.StartsWith("metadata.labels['", StringComparison.Ordinal) => Lookup(pod.Metadata.Labels, path),
        _ when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) => Lookup(pod.Metadata.Annotations, path),
        _ => "",
    };

    /// <summary>
    /// A container's limit or request (<c>limits.memory</c>, <c>requests.cpu</c>, …) in units of
    /// <paramref name="divisor"/>, rounded up, as kubelet does; a limit the container does not set is
    /// the node's capacity, a request it does not set is 0.
    /// </summary>
    public static string Resource(ContainerManifest? container, string resource, string? divisor, IReadOnlyDictionary<string, string> nodeCapacity)
    {
        var (kind, name) = resource.IndexOf('.') is var dot and > 0 ? (resource[..dot], resource[(dot + 1)..]) : ("", resource);
        var declared = kind == "limits" ? container?.Resources?.Limits : container?.Resources?.Requests;
        var text = declared?.GetValueOrDefault(name) ?? (kind == "limits" ? nodeCapacity.GetValueOrDefault(name) : null);
        var value = text is null ? 0m : Quantity.Parse(text) ?? 0m;
        var unit = divisor is { Length: > 0 } given && Quantity.Parse(given) is { } parsed and > 0 ? parsed : 1m;
        return Math.Ceiling(value / unit).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Labels or annotations as kubelet writes them to a file: <c>key="value"</c> lines sorted by key, values quoted as Go's %q quotes.</summary>
    public static string FormatMap(IReadOnlyDictionary<string, string>? map) =>
        map is null ? "" : string.Join('\n', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={GoQuote(p.Value)}"));

    private static string GoQuote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            quoted.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < 0x20 or 0x7f => $"\\x{rune.Value:x2}",
                _ when Rune.IsControl(rune) => rune.Value > 0xffff ? $"\\U{rune.Value:x8}" : $"\\u{rune.Value:x4}",
                _ => rune.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static string Lookup(IReadOnlyDictionary<string, string>? map, string path)
    {
        var key = path[(path.IndexOf('\'') + 1)..path.LastIndexOf('\'')];
        return map is not null && map.TryGetValue(key, out var value) ? value : "";
    }
}
