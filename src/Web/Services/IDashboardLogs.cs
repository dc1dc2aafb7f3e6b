using System.Security.Claims;

namespace Berth.Web.Services;

/// <summary>What a pod's log page asks for: kubectl logs' options.</summary>
public sealed record LogRequest(string Namespace, string Pod, string? Container, bool Follow, bool Previous, long? TailLines);

/// <summary>
/// A pod's log, read from its node as <c>kubectl logs</c> reads it (server → hub → agent → Docker),
/// for users whose role may read pods. A follow ends when the container stops or the caller cancels.
/// </summary>
public interface IDashboardLogs
{
    /// <summary>The log's text as it arrives; a <see cref="DashboardException"/> says why there is none.</summary>
    IAsyncEnumerable<string> StreamAsync(ClaimsPrincipal user, string workspace, LogRequest request, CancellationToken ct = default);
}
