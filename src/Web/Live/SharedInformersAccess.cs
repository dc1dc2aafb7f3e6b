using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;

namespace Berth.Web.Live;

/// <summary>
/// The dashboard's window on the process's watch cache: one shared informer per kind per
/// workspace, opened on the first page that needs it and shared by every page and user after.
/// Pages must check the user's access before they open a table (see <c>IDashboardDirectory</c>).
/// Owns the informers: the host disposing this singleton ends their watches.
/// </summary>
public sealed class SharedInformersAccess(SharedInformers informers, TimeProvider time) : IAsyncDisposable
{
    /// <summary>How long a page waits for a kind's first list before it says the workspace is not answering.</summary>
    private static readonly TimeSpan FirstListTimeout = TimeSpan.FromSeconds(30);

    public async Task<LiveTable> OpenAsync(string workspace, ResourceType type)
    {
        using var timeout = new CancellationTokenSource(FirstListTimeout);
        return await LiveTable.OpenAsync(informers, workspace, type, time, timeout.Token);
    }

    /// <summary>
    /// The cached objects of <paramref name="type"/> in a namespace that any of <paramref name="owners"/> (UIDs) owns:
    /// a Deployment's ReplicaSets, their pods. Read from the informer a page opened with <see cref="OpenAsync"/>, which
    /// also tells the page when to ask again; empty when none is open.
    /// </summary>
    public IReadOnlyList<CachedObject> OwnedBy(string workspace, ResourceType type, string @namespace, IReadOnlySet<string> owners) =>
        informers.Find(workspace, type)?.List(@namespace).Where(o => o.OwnerReferences.Any(r => owners.Contains(r.Uid))).ToList() ?? [];

    public ValueTask DisposeAsync() => informers.DisposeAsync();
}
