using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Berth.Agents.Runtime.Docker;

/// <summary>Which part of a container's log to read, in <c>kubectl logs</c> terms.</summary>
public sealed record LogRequest(bool Follow = false, int? TailLines = null, DateTimeOffset? Since = null, bool Timestamps = false);

public sealed partial class DockerEngine
{
    /// <summary>
    /// A container's stdout and stderr as the engine kept them, frame by frame. With
    /// <see cref="LogRequest.Follow"/> the enumeration lasts until the container stops or
    /// <paramref name="ct"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<OutputFrame> LogsAsync(string id, LogRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = new StringBuilder($"containers/{Escape(id)}/logs?stdout=true&stderr=true");
        query.Append(CultureInfo.InvariantCulture, $"&follow={Flag(request.Follow)}&timestamps={Flag(request.Timestamps)}");
        query.Append(CultureInfo.InvariantCulture, $"&tail={(request.TailLines is { } tail ? tail.ToString(CultureInfo.InvariantCulture) : "all")}");
        if (request.Since is { } since)
        {
            query.Append(CultureInfo.InvariantCulture, $"&since={since.ToUnixTimeMilliseconds() / 1000.0:0.000}");
        }

        using var response = await SendAsync(HttpMethod.Get, query.ToString(), null, ct, completion: HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var frame in MultiplexedStream.ReadAsync(stream, ct))
        {
            yield return frame;
        }
    }

    /// <summary>
    /// Runs a command in a running container (an exec probe's way) and returns its exit code and
    /// output. Cancelling <paramref name="ct"/> (a probe's timeout) stops waiting; the engine has no
    /// way to kill an exec, so a command that never ends keeps running in the container, as with kubelet.
    /// </summary>
    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken ct = default)
    {
        var exec = await PostAsync($"containers/{Escape(id)}/exec",
            Body(new ExecSpec(AttachStdout: true, AttachStderr: true, command), DockerJson.Default.ExecSpec), DockerJson.Default.ExecCreated, ct);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using (var response = await SendAsync(HttpMethod.Post, $"exec/{Escape(exec.Id)}/start", Body(new ExecStart(Detach: false, Tty: false), DockerJson.Default.ExecStart), ct,
                   completion: HttpCompletionOption.ResponseHeadersRead))
        await using (var stream = await response.Content.ReadAsStreamAsync(ct))
        {
            await foreach (var frame in MultiplexedStream.ReadAsync(stream, ct))
            {
                (frame.Stream == OutputStream.Stderr ? stderr : stdout).Append(Encoding.UTF8.GetString(frame.Bytes.Span));
            }
        }

        var ended = await GetAsync($"exec/{Escape(exec.Id)}/json", DockerJson.Default.ExecInspect, ct);
        return new ExecResult(ended.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
