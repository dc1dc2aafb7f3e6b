namespace Berth.Web.Services;

/// <summary>
/// One stored revision of an object, as its History tab lists it. <paramref name="Change"/> is
/// created, updated or deleted; <paramref name="At"/> is null when nothing recorded the time (a
/// controller's write leaves no audit row); <paramref name="Yaml"/> is the object as of that revision.
/// <paramref name="Audited"/> says the author comes from the audit log's row for the revision.
/// </summary>
public sealed record ObjectRevision(long Revision, string Change, DateTimeOffset? At, string Author, string Yaml, bool Audited);

/// <summary>
/// An object's revisions that compaction has kept, oldest first. <paramref name="CompactedRevision"/>
/// is the workspace's compaction point: revisions at or below it that were superseded are gone.
/// <paramref name="Exists"/> is false once the object is deleted (its history stays until compacted).
/// </summary>
public sealed record RevisionHistory(IReadOnlyList<ObjectRevision> Revisions, long CompactedRevision, bool Exists)
{
    /// <summary>How many older stored revisions are left out of <see cref="Revisions"/> (only the newest are listed).</summary>
    public int Omitted { get; init; }
}
