using System.Text.Json.Nodes;

namespace Berth.Web.Live;

/// <summary>
/// One object as a dashboard grid shows it: kubectl's cells for its kind (the same printer as
/// <c>kubectl get</c>), printed once per revision, plus what the grid sorts and links by.
/// </summary>
/// <param name="Cells">The printer's cells, as text, one per column of <see cref="LiveTable.Columns"/>.</param>
/// <param name="Created">metadata.creationTimestamp: ages are computed when shown, so they never go stale.</param>
/// <param name="Object">The informer's cached object itself (shared, never to be changed), for pages that show more than the cells.</param>
public sealed record LiveRow(string Key, string? Namespace, string Name, long Revision, IReadOnlyList<string> Cells, DateTimeOffset? Created, JsonObject Object)
{
    /// <summary>What a search matches: the name, the namespace and every cell.</summary>
    public bool Matches(string search) =>
        Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (Namespace?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || Cells.Any(c => c.Contains(search, StringComparison.OrdinalIgnoreCase));
}
