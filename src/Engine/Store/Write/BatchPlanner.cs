using Berth.Engine.Store.Sql;

namespace Berth.Engine.Store.Write;

/// <summary>What one group commit will do: the rows to append, the new current rows, and each write's outcome.</summary>
internal sealed record BatchPlan(IReadOnlyList<LogRow> Rows, IReadOnlyList<CurrentRow> Current, long NewRevision, IReadOnlyList<object> Outcomes);

/// <summary>
/// Decides, for writes that share one group commit, which succeed and with which revisions. Pure:
/// the head is locked while it runs, so the current rows it is given cannot change underneath it.
/// Each write is judged against the state the writes before it in the batch left, exactly as if
/// they had committed one by one; a failed write takes no revision, so revisions stay gapless.
/// </summary>
internal static class BatchPlanner
{
    /// <summary>Plans <paramref name="ops"/>; each outcome is a <see cref="KeyValue"/> or a <see cref="StoreException"/>.</summary>
    public static BatchPlan Plan(WorkspaceHead head, IReadOnlyDictionary<string, CurrentRow> current, IReadOnlyList<WriteOp> ops)
    {
        var state = new Dictionary<string, CurrentRow>(StringComparer.Ordinal);
        var rows = new List<LogRow>(ops.Count);
        var outcomes = new object[ops.Count];
        var revision = head.Revision;

        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            var existing = state.TryGetValue(op.Key, out var s) ? s : current.GetValueOrDefault(op.Key);
            var live = existing is { Deleted: false } ? existing : null;
            var failure = Check(op, live);
            if (failure is not null)
            {
                outcomes[i] = failure;
                continue;
            }

            revision++;
            var row = op.Kind switch
            {
                WriteKind.Create => new LogRow(op.Key, revision, revision, existing?.Revision ?? 0, Created: true, Deleted: false, op.Value!),
                WriteKind.Update => new LogRow(op.Key, revision, live!.CreateRevision, live.Revision, Created: false, Deleted: false, op.Value!),
                _ => new LogRow(op.Key, revision, live!.CreateRevision, live.Revision, Created: false, Deleted: true, live.Value),
            };
            rows.Add(row);
            state[op.Key] = row.ToCurrent();
            outcomes[i] = new KeyValue(op.Key, row.Value, revision, row.CreateRevision);
        }

        return new BatchPlan(rows, state.Values.ToList(), revision, outcomes);
    }

    private static StoreException? Check(WriteOp op, CurrentRow? live)
    {
        switch (op.Kind)
        {
            case WriteKind.Create when live is not null:
                return new StoreException(StoreErrorCode.AlreadyExists, $"key {op.Key} already exists") { ActualRevision = live.Revision };
            case WriteKind.Create:
                return null;
            case WriteKind.Update or WriteKind.Delete when live is null:
                return new StoreException(StoreErrorCode.NotFound, $"key {op.Key} not found");
            case WriteKind.Update or WriteKind.Delete when op.ExpectedRevision is { } expected && expected != live!.Revision:
                return new StoreException(StoreErrorCode.Conflict,
                    $"key {op.Key} is at revision {live.Revision}, not {expected}") { ActualRevision = live.Revision };
            default:
                return null;
        }
    }
}
