using System.Runtime.CompilerServices;
using System.Text;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Nodes;

namespace Berth.Agents.Pods;

/// <summary>
/// kubelet's side of <c>kubectl logs</c>: finds the container of the pod on this node (its current
/// start, or the one before for <c>--previous</c>) and reads its log from the engine as text chunks.
/// The first chunk is empty when the log is open, or says why it cannot be (see <see cref="LogChunk"/>).
/// </summary>
public sealed class ContainerLogs(DockerEngine engine, NodeIdentity node)
{
    public async IAsyncEnumerable<LogChunk> ReadAsync(PodLogRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var attempts = (await engine.ListContainersAsync(
                [$"{ContainerLabels.Node}={node.Name}", $"{ContainerLabels.PodUid}={request.Pod.Uid}", $"{ContainerLabels.ContainerName}={request.Container}"], ct))
            .OrderByDescending(c => ContainerLabels.AttemptOf(c.Labels))
            .ToList();
        var chosen = attempts.ElementAtOrDefault(request.Previous ? 1 : 0);
        if (chosen is null)
        {
            yield return new LogChunk("", request.Previous
                ? $"previous terminated container \"{request.Container}\" in pod \"{request.Pod.Name}\" not found"
                : $"container \"{request.Container}\" in pod \"{request.Pod.Name}\" is waiting to start: ContainerCreating");
            yield break;
        }

        yield return new LogChunk("");
        var decoder = Encoding.UTF8.GetDecoder();
        var left = request.LimitBytes ?? long.MaxValue;
        await foreach (var frame in engine.LogsAsync(chosen.Id, new LogRequest(request.Follow, request.TailLines, request.Since, request.Timestamps), ct))
        {
            var bytes = frame.Bytes.Length > left ? frame.Bytes[..(int)left] : frame.Bytes;
            left -= bytes.Length;
            // A frame may end inside a multi-byte character: the decoder keeps the rest for the next one.
            var chars = new char[decoder.GetCharCount(bytes.Span, flush: false)];
            decoder.GetChars(bytes.Span, chars, flush: false);
            yield return new LogChunk(new string(chars));
            if (left <= 0)
            {
                yield break;
            }
        }
    }
}
