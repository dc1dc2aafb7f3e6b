using Berth.Engine.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Berth.Api.Tenancy;

/// <summary>
/// Renaming and deleting a workspace, for its owners. Both run under <see cref="WorkspaceLock"/>.
/// The store keys everything by workspace name, so a rename moves every row that carries the name
/// (the revision log's tables, heartbeats, API tokens, join tokens, node credentials) in the same
/// transaction as the workspace's row: it happens entirely or not at all. Audit rows keep the name
/// they were written with: they are history. A deletion marks the row and shuts everything out at
/// once; <see cref="WorkspacePurger"/> then removes the objects and revisions, and the row.
/// </summary>
public sealed partial class WorkspaceChanges(TenancyDb db, TimeProvider time, RoleCache roles, IRevisionStore store, WorkspacePurger purger, ILogger<WorkspaceChanges> log)
{
    // What may sit under a name no workspace has ({0}; rows a deleted workspace left, a write that
    // raced its deletion): a rename onto that name replaces them. Tokens and credentials stay: they are revoked.
    private static readonly string[] ClearLeftovers =
    [
        "DELETE FROM revisions WHERE workspace = {0}",
        "DELETE FROM current_values WHERE workspace = {0}",
        "DELETE FROM revision_marks WHERE workspace = {0}",
        "DELETE FROM node_heartbeats WHERE workspace = {0}",
        "DELETE FROM workspace_heads WHERE workspace = {0}",
    ];

    // Every row that carries the workspace's name, moved from {0} to {1}. The revision log's first: they are the bulk.
    private static readonly string[] MoveRows =
    [
        "UPDATE workspace_heads SET workspace = {1} WHERE workspace = {0}",
        "UPDATE revisions SET workspace = {1} WHERE workspace = {0}",
        "UPDATE current_values SET workspace = {1} WHERE workspace = {0}",
        "UPDATE revision_marks SET workspace = {1} WHERE workspace = {0}",
        "UPDATE node_heartbeats SET workspace = {1} WHERE workspace = {0}",
        "UPDATE api_tokens SET workspace = {1} WHERE workspace = {0}",
        "UPDATE join_tokens SET workspace = {1} WHERE workspace = {0}",
        "UPDATE node_credentials SET workspace = {1} WHERE workspace = {0}",
    ];

    // What a deletion revokes at once ({0} the name, {1} the time).
    private static readonly string[] Revoke =
    [
        "UPDATE api_tokens SET revoked_at = {1} WHERE workspace = {0} AND revoked_at IS NULL",
        "UPDATE join_tokens SET revoked_at = {1} WHERE workspace = {0} AND revoked_at IS NULL",
        "UPDATE node_credentials SET revoked_at = {1} WHERE workspace = {0} AND revoked_at IS NULL",
    ];

    public async Task<Workspace> RenameAsync(Membership membership, string newName, CancellationToken ct)
    {
        EnsureOwner(membership.Role, "rename");
        WorkspaceCatalog.EnsureValidName(newName);
        var workspace = membership.Workspace;
        var oldName = workspace.Name;
        if (newName == oldName)
        {
            return workspace;
        }

        var now = time.GetUtcNow();

        await using (var transaction = await WorkspaceLock.BeginAsync(db, workspace, ct))
        {
            await EnsureFreeAsync(newName, ct);
            try
            {
                // The name first: the unique index decides a race with a create (or another rename)
                // before any row of the store is touched, and from here nobody else can take it.
                await db.Workspaces.Where(w => w.Id == workspace.Id)
                    .ExecuteUpdateAsync(w => w.SetProperty(x => x.Name, newName).SetProperty(x => x.RenamedAt, now), ct);
            }
            catch (Exception e) when (IsUniqueViolation(e) || IsUniqueViolation(e.InnerException))
            {
                throw WorkspaceCatalog.NameTaken(newName);
            }

            await RunAsync(ClearLeftovers, [newName], ct);
            await RunAsync(MoveRows, [oldName, newName], ct);

            // The old name keeps a head at the same revision, everything below it compacted: a name's
            // revisions never start over (see IRevisionStore.PurgeWorkspaceAsync).
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO workspace_heads (workspace, revision, compacted_revision) SELECT {oldName}, revision, revision FROM workspace_heads WHERE workspace = {newName}", ct);
            await transaction.CommitAsync(ct);
        }

        roles.Clear();
        await EndWatchesAsync(oldName, newName);
        return new Workspace { Id = workspace.Id, Name = newName, CreatedAt = workspace.CreatedAt, RenamedAt = now, DevelopersReadSecrets = workspace.DevelopersReadSecrets };
    }

    /// <summary>
    /// Deletes the workspace: at once its members go (so every route of it is 404), its API tokens,
    /// join tokens and node credentials are revoked (connected agents are dropped), its heartbeats
    /// removed and its watches ended; its objects and revisions go with the purge, now or after the
    /// retention, and with them the row, which keeps the name taken until then.
    /// </summary>
    public async Task DeleteAsync(Membership membership, CancellationToken ct)
    {
        EnsureOwner(membership.Role, "delete");
        var workspace = membership.Workspace;
        var now = time.GetUtcNow();
        var stamp = SqlCommands.Timestamp(db.Database.IsNpgsql() ? DatastoreKind.Postgres : DatastoreKind.Sqlite, now);
        await using (var transaction = await WorkspaceLock.BeginAsync(db, workspace, ct))
        {
            await db.Workspaces.Where(w => w.Id == workspace.Id).ExecuteUpdateAsync(w => w.SetProperty(x => x.DeletedAt, now), ct);
            await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspace.Id).ExecuteDeleteAsync(ct);
            await RunAsync(Revoke, [workspace.Name, stamp], ct);
            await db.Database.ExecuteSqlAsync($"DELETE FROM node_heartbeats WHERE workspace = {workspace.Name}", ct);
            await transaction.CommitAsync(ct);
        }

        roles.Clear();
        await EndWatchesAsync(workspace.Name);
        await purger.PurgeIfDueAsync(new Workspace { Id = workspace.Id, Name = workspace.Name, CreatedAt = workspace.CreatedAt, DeletedAt = now }, CancellationToken.None);
    }

    private async Task RunAsync(string[] statements, object[] parameters, CancellationToken ct)
    {
        foreach (var sql in statements)
        {
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }

    /// <summary>Lets the workspace's developers read its Secrets, or stops them (owners and admins); effective at once on this server, within the role cache's lifetime on others.</summary>
    public async Task<Workspace> SetDevelopersReadSecretsAsync(Membership membership, bool allowed, CancellationToken ct)
    {
        if (membership.Role < WorkspaceRole.Admin)
        {
            throw new TenancyException(TenancyError.Forbidden,
                $"a workspace {membership.Role.Name()} cannot change who reads Secrets: that takes an admin or owner");
        }

        await db.Workspaces.Where(w => w.Id == membership.Workspace.Id && w.DeletedAt == null)
            .ExecuteUpdateAsync(w => w.SetProperty(x => x.DevelopersReadSecrets, allowed), ct);
        roles.Clear();
        membership.Workspace.DevelopersReadSecrets = allowed;
        return membership.Workspace;
    }

    private static void EnsureOwner(WorkspaceRole role, string what)
    {
        if (role != WorkspaceRole.Owner)
        {
            throw new TenancyException(TenancyError.Forbidden, $"a workspace {role.Name()} cannot {what} the workspace: that takes an owner");
        }
    }

    private async Task EnsureFreeAsync(string name, CancellationToken ct)
    {
        if (await db.Workspaces.AnyAsync(w => w.Name == name, ct))
        {
            throw WorkspaceCatalog.NameTaken(name);
        }
    }

    private static bool IsUniqueViolation(Exception? e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } or SqliteException { SqliteErrorCode: 19 };

    /// <summary>
    /// The rows are committed; the watches of the names (the agents' included: they reconnect and
    /// find their node's new workspace, or no credential) end here at once and on other replicas
    /// when the notification arrives. A failure here changes nothing committed: watchers then end
    /// at their next re-list, and the next request finds the new state.
    /// </summary>
    private async Task EndWatchesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            try
            {
                await store.CloseWatchesAsync(name, CancellationToken.None);
            }
            catch (StoreException e)
            {
                LogWatchesNotEnded(log, e, name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end the watches of workspace {Workspace} everywhere; they end when their clients re-list")]
    private static partial void LogWatchesNotEnded(ILogger logger, Exception e, string workspace);
}
