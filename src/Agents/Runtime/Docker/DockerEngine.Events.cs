using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Berth.Agents.Runtime.Docker;

/// <summary>One container event: what happened (start, die, oom, destroy, …) and the container's labels.</summary>
public sealed record ContainerEvent(string Action, string Id, IReadOnlyDictionary<string, string> Labels);

public sealed partial class DockerEngine
{
    /// <summary>
    /// The engine's event stream for containers carrying every label of <paramref name="labels"/>,
    /// from now on, until <paramref name="ct"/> is cancelled or the engine goes (kubelet's PLEG reads
    /// the runtime the same way, to notice a container exit at once rather than at the next relist).
    /// </summary>
    public async IAsyncEnumerable<ContainerEvent> ContainerEventsAsync(IEnumerable<string> labels, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, IEnumerable<string>> { ["type"] = ["container"], ["label"] = labels },
            DockerJson.Default.DictionaryStringIEnumerableString);
        using var response = await SendAsync(HttpMethod.Get, $"events?filters={Escape(filters)}", null, ct, completion: HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var message = JsonDocument.Parse(line);
            var root = message.RootElement;
            var actor = root.TryGetProperty("Actor", out var a) ? a : default;
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            if (actor.ValueKind == JsonValueKind.Object && actor.TryGetProperty("Attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object)
            {
                foreach (var attribute in attrs.EnumerateObject())
                {
                    attributes[attribute.Name] = attribute.Value.GetString() ?? "";
                }
            }

            yield return new ContainerEvent(
                root.TryGetProperty("Action", out var action) ? action.GetString() ?? "" : "",
                actor.ValueKind == JsonValueKind.Object && actor.TryGetProperty("ID", out var id) ? id.GetString() ?? "" : "",
                attributes);
        }
    }
}
