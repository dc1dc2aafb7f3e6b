using System.Security.Claims;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;

namespace Berth.Web.Services;

/// <summary>One object as its detail page shows it: the object, and its YAML as kubectl would print it.</summary>
public sealed record ObjectDocument(JsonObject Object, string Yaml);

/// <summary>
/// What the dashboard does to objects, done by the host as the Kubernetes API would do it for the
/// same user: the same role check (a refusal is a <see cref="DashboardException"/> in words), the
/// same admission, and a row in the audit log for every write.
/// </summary>
public interface IDashboardObjects
{
    /// <summary>The object, or null when it does not exist (or the user may not read its kind).</summary>
    Task<ObjectDocument?> GetAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default);

    Task DeleteAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default);

    /// <summary>
    /// Applies a multi-document manifest as <c>kubectl apply --server-side</c> would, each document
    /// in order, or with <paramref name="dryRun"/> only checks it (admission and validation run, nothing
    /// is stored). Errors name the line of the field they concern.
    /// </summary>
    Task<ApplyOutcome> ApplyAsync(ClaimsPrincipal user, string workspace, string manifest, bool dryRun, CancellationToken ct = default);

    /// <summary>
    /// Replaces the object with <paramref name="yaml"/> as <c>kubectl replace</c> (a PUT) would, on
    /// condition that it is still at <paramref name="resourceVersion"/>, the version the user opened:
    /// a newer one makes the outcome's document <see cref="DocumentOutcome.Conflict"/> and stores nothing.
    /// </summary>
    Task<ApplyOutcome> ReplaceAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, string yaml, string resourceVersion, bool dryRun, CancellationToken ct = default);

    /// <summary>The object's stored revisions with who made each, also once it is deleted; null when the user may not read its kind.</summary>
    Task<RevisionHistory?> HistoryAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default);

    /// <summary>
    /// For a history whose newest revision has no author yet (the audit log stores its rows off the
    /// request path): waits until it may be known, and says whether reading the history again is
    /// worth it: true once the server has stored the revision's audit row, false when none is
    /// coming (a controller's write). It waits a second at most.
    /// </summary>
    Task<bool> AuthorMayBeKnownAsync(string workspace, long revision, CancellationToken ct = default);

    /// <summary>
    /// Writes the labels, annotations and spec (or data) of <paramref name="revision"/> as a new
    /// revision (history is never rewritten; status is left to the controllers), re-creating the
    /// object if it was deleted. Returns the new revision.
    /// </summary>
    Task<long> RestoreAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, long revision, CancellationToken ct = default);
}
