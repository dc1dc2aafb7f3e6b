using System.Runtime.CompilerServices;
using System.Security.Claims;
using Berth.Api.Agents;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;

namespace Berth.Api.Dashboard;

/// <summary>Pod logs for the dashboard: the same read as <c>kubectl logs</c> (<see cref="PodLogs"/>), for users who may read pods.</summary>
internal sealed class DashboardLogs(PodLogs logs, DashboardRights rights) : IDashboardLogs
{
    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;

    public async IAsyncEnumerable<string> StreamAsync(ClaimsPrincipal user, string workspace, LogRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await rights.DemandAsync(user, workspace, "get", Pods, ct);
        var query = new PodLogQuery(request.Container, request.Follow, request.Previous, Timestamps: false, (int?)request.TailLines, Since: null, LimitBytes: null);
        await using var text = logs.ReadAsync(workspace, request.Namespace, request.Pod, query, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await text.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (ResourceException e)
            {
                throw new DashboardException(e.Message);
            }

            yield return text.Current;
        }
    }
}
