using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Api.Agents;
using Berth.Engine.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Api.Replicas;

/// <summary>
/// Reads a pod's log through the replica that holds its node's agent (<c>node_heartbeats.server_id</c>,
/// alive in <c>server_replicas</c>), from its internal endpoint (<see cref="ReplicaEndpoints"/>): the
/// body is passed on as it arrives, and leaving early closes the request, which stops that
/// replica's stream from the node in turn. Its refusals come back as the same Status.
/// </summary>
internal sealed class ReplicaLogs(NodeHeartbeats heartbeats, ReplicaDirectory replicas)
{
    public async IAsyncEnumerable<string> ReadAsync(string workspace, string @namespace, string name, string node, PodLogQuery query,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var replica = await HolderAsync(workspace, node, ct)
            ?? throw new ResourceException(503, "ServiceUnavailable", $"node {node} is not connected to any server: its logs cannot be read now");
        using var request = replicas.Request(replica, ReplicaEndpoints.LogPath(workspace, @namespace, name) + "?" + query.ToQueryString());
        using var response = await SendAsync(replica, request, node, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusalAsync(response, node, ct);
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var decoder = Encoding.UTF8.GetDecoder(); // a character may be split between two reads
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        int read;
        while ((read = await ReadAsync(body, bytes, ct)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            if (count > 0)
            {
                yield return new string(chars, 0, count);
            }
        }
    }

    /// <summary>The next bytes of the other replica's answer; none once it broke off (it stopped), which ends the log as a node that left does.</summary>
    private static async Task<int> ReadAsync(Stream body, byte[] bytes, CancellationToken ct)
    {
        try
        {
            return await body.ReadAsync(bytes, ct);
        }
        catch (IOException) when (!ct.IsCancellationRequested)
        {
            return 0;
        }
    }

    private async Task<ReplicaDirectory.Replica?> HolderAsync(string workspace, string node, CancellationToken ct) =>
        await heartbeats.HolderAsync(workspace, node, ct) is { } holder && holder.ServerId != replicas.ServerId
            ? await replicas.FindAsync(holder.ServerId, ct)
            : null;

    private async Task<HttpResponseMessage> SendAsync(ReplicaDirectory.Replica replica, HttpRequestMessage request, string node, CancellationToken ct)
    {
        try
        {
            return await replicas.ClientFor(replica).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new ResourceException(503, "ServiceUnavailable", $"node {node} is connected to server {replica.Url}, which cannot be reached: {e.Message}");
        }
    }

    /// <summary>The other replica's Status, as it said it; anything else (a proxy's page) is a 503.</summary>
    private static async Task<ResourceException> RefusalAsync(HttpResponseMessage response, string node, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } status && (string?)status["kind"] == "Status" && (string?)status["message"] is { } message)
            {
                return new ResourceException((int)response.StatusCode, (string?)status["reason"] ?? "", message);
            }
        }
        catch (JsonException)
        {
        }

        return new ResourceException(503, "ServiceUnavailable", $"the server of node {node} answered {(int)response.StatusCode} to a log request");
    }
}
