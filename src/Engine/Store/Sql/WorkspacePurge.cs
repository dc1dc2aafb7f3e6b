namespace Berth.Engine.Store.Sql;

/// <summary>The statements that empty one workspace (<c>$1</c>), in order, for both drivers: what <see cref="IStoreDriver.PurgeAsync"/> runs in one transaction.</summary>
internal static class WorkspacePurge
{
    public static IEnumerable<string> Statements(string? lockHead)
    {
        if (lockHead is not null)
        {
            yield return lockHead;
        }

        yield return "DELETE FROM revisions WHERE workspace = $1";
        yield return "DELETE FROM current_values WHERE workspace = $1";
        yield return "DELETE FROM revision_marks WHERE workspace = $1";
        // The head stays, its revision the name's counter; nothing below it can be read again.
        yield return "UPDATE workspace_heads SET compacted_revision = revision WHERE workspace = $1";
    }
}
