using System.Net;
using System.Text.Json;

namespace Berth.Agents.Runtime.Docker;

public sealed partial class DockerEngine
{
    /// <summary>The image as the engine holds it, or null when it has no such image.</summary>
    public async Task<ImageInspect?> InspectImageAsync(string image, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"images/{image}/json", null, ct, [HttpStatusCode.NotFound]);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, "image inspect", DockerJson.Default.ImageInspect, ct);
    }

    /// <summary>
    /// Pulls an image and returns once it is there. The engine answers 200 at once and reports a
    /// failure (unknown registry, missing tag, no network) as an <c>error</c> line of its progress
    /// stream, so the stream is read to its end and such a line becomes a <see cref="DockerException"/>.
    /// </summary>
    public async Task PullImageAsync(string image, CancellationToken ct = default)
    {
        var reference = ImageReference.WithDefaultTag(image);
        using var response = await SendAsync(HttpMethod.Post, $"images/create?fromImage={Escape(reference)}", null, ct,
            completion: HttpCompletionOption.ResponseHeadersRead);
        await ReadProgressAsync(response, reference, ct);
    }

    /// <summary>
    /// Makes image <paramref name="repository"/>:<paramref name="tag"/> from a tar of its one layer
    /// (<c>docker import</c>), with <paramref name="changes"/> (Dockerfile lines such as
    /// <c>ENTRYPOINT ["/pause"]</c>) applied to its config. No registry is involved.
    /// </summary>
    public async Task ImportImageAsync(string repository, string tag, byte[] layer, IEnumerable<string> changes, CancellationToken ct = default)
    {
        var query = $"images/create?fromSrc=-&repo={Escape(repository)}&tag={Escape(tag)}" + string.Concat(changes.Select(c => $"&changes={Escape(c)}"));
        var body = new ByteArrayContent(layer);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var response = await SendAsync(HttpMethod.Post, query, body, ct, completion: HttpCompletionOption.ResponseHeadersRead);
        await ReadProgressAsync(response, $"{repository}:{tag}", ct);
    }

    /// <summary>Reads an image operation's progress stream to its end; an <c>error</c> line in it becomes a <see cref="DockerException"/>.</summary>
    private static async Task ReadProgressAsync(HttpResponseMessage response, string reference, CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var progress = JsonDocument.Parse(line);
            if (progress.RootElement.TryGetProperty("error", out var error))
            {
                throw new DockerException(500, error.GetString() ?? $"making {reference} failed");
            }
        }
    }
}
