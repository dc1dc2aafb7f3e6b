using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// Writes a watch as Kubernetes streams it: one JSON event per line, <c>{"type":…,"object":…}</c>,
/// flushed as it happens, until the client leaves, <c>timeoutSeconds</c> passes or the store ends
/// the watch. A watch that falls behind compaction ends with an ERROR event carrying a 410 Status,
/// which tells clients to list again.
/// </summary>
internal static class WatchStream
{
    /// <summary>How long a quiet watch waits before a BOOKMARK (when the client allows them).</summary>
    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(30);

    // Kubernetes ends watches after a randomized 30-60 minutes so clients spread their re-watches.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <param name="lines">How each event is written (<see cref="ResponseFormat.WatchEvents"/>).</param>
    public static async Task WriteAsync(HttpContext context, ResourceType type, ObjectWatch watch, ListQuery query, WatchEventLines lines)
    {
        var response = await StartAsync(context);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(query.Timeout is { } timeout && timeout > TimeSpan.Zero ? timeout : DefaultTimeout);
        try
        {
            // Without bookmarks a quiet watch still wakes now and then; the BOOKMARK it gets is just not sent.
            while (true)
            {
                var next = await watch.NextAsync(BookmarkInterval, type, deadline.Token);
                if (next is null)
                {
                    return;
                }

                if (next.Type == ObjectEvent.Bookmark && !query.AllowBookmarks)
                {
                    continue;
                }

                lines.Write(next, response.BodyWriter);
                if ((await response.BodyWriter.FlushAsync(deadline.Token)).IsCompleted)
                {
                    return; // the client is gone
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The client left or the timeout passed: a watch simply ends.
        }
        catch (ResourceException e)
        {
            await WriteErrorEventAsync(response, e, context.RequestAborted);
        }
    }

    /// <summary>
    /// A watch that cannot start (its resourceVersion is compacted away) is still a 200 stream, with
    /// one ERROR event carrying the 410 Status: that is what client-go's reflector reacts to by relisting.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, ResourceException error)
    {
        var response = await StartAsync(context);
        await WriteErrorEventAsync(response, error, context.RequestAborted);
    }

    private static async Task<HttpResponse> StartAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = KubeResults.JsonContentType;
        await response.StartAsync(context.RequestAborted);
        // The headers go out now, not with the first event, so a client knows at once that the watch is open.
        await response.BodyWriter.FlushAsync(context.RequestAborted);
        return response;
    }

    private static async Task WriteErrorEventAsync(HttpResponse response, ResourceException error, CancellationToken ct)
    {
        WatchEventLines.WriteLine("ERROR", KubeResults.ErrorStatus(error), response.BodyWriter);
        await response.BodyWriter.FlushAsync(ct);
    }
}
