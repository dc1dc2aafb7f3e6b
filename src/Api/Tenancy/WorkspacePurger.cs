using Berth.Engine.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Tenancy;

/// <summary>
/// Removes what deleted workspaces leave: once a workspace has been deleted for
/// <see cref="Retention"/> (<c>--deleted-workspace-retention</c>; 0, the default, purges as part
/// of the deletion), its objects and revisions go from the store, then its row, which frees the
/// name. Every replica looks every minute, and at its start, so a purge a crash interrupted is
/// finished; purging twice removes nothing twice.
/// </summary>
public sealed partial class WorkspacePurger(IDbContextFactory<TenancyDb> contexts, IRevisionStore store, TimeProvider time, TimeSpan retention,
    ILogger<WorkspacePurger> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public TimeSpan Retention { get; } = retention;

    /// <summary>Purges the workspace now when its retention has passed (at once with a zero retention); a failure is left to the next sweep.</summary>
    public async Task PurgeIfDueAsync(Workspace deleted, CancellationToken ct)
    {
        if (deleted.DeletedAt is { } at && at + Retention <= time.GetUtcNow())
        {
            try
            {
                await PurgeAsync(deleted, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPurgeFailed(log, e, deleted.Name);
            }
        }
    }

    /// <summary>Every deleted workspace whose retention has passed, purged.</summary>
    public async Task PurgeDueAsync(CancellationToken ct)
    {
        List<Workspace> deleted;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            // Few rows, filtered here: SQLite cannot compare DateTimeOffset columns in SQL.
            deleted = await db.Workspaces.AsNoTracking().Where(w => w.DeletedAt != null).ToListAsync(ct);
        }

        foreach (var workspace in deleted)
        {
            await PurgeIfDueAsync(workspace, ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PurgeDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(log, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task PurgeAsync(Workspace deleted, CancellationToken ct)
    {
        // The store first: the row, and so the name, goes only once nothing of the workspace is left.
        await store.PurgeWorkspaceAsync(deleted.Name, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Heartbeats of an agent that beat once more before it was dropped.
        await db.Database.ExecuteSqlAsync($"DELETE FROM node_heartbeats WHERE workspace = {deleted.Name}", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM workspaces WHERE id = {deleted.Id} AND deleted_at IS NOT NULL", ct);
        await transaction.CommitAsync(ct);
        LogPurged(log, deleted.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged deleted workspace {Workspace}: its objects and revisions are gone and its name is free")]
    private static partial void LogPurged(ILogger logger, string workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not purge deleted workspace {Workspace}; trying again at the next sweep")]
    private static partial void LogPurgeFailed(ILogger logger, Exception e, string workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for deleted workspaces to purge; looking again shortly")]
    private static partial void LogSweepFailed(ILogger logger, Exception e);
}
