using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Berth.Api.Tenancy;

/// <summary>
/// Every change to a workspace (its members, its name, its deletion) runs in a transaction that
/// first locks the workspace's row: a no-op <c>UPDATE</c>, a row lock on PostgreSQL and the write
/// lock on SQLite. So changes to one workspace are serial, and each sees the others' results: two
/// owners stepping down at once cannot both see the other still there, and nothing is added to a
/// workspace a concurrent request has just deleted (the update finds no live row: 404).
/// </summary>
internal static class WorkspaceLock
{
    public static async Task<IDbContextTransaction> BeginAsync(TenancyDb db, Workspace workspace, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        var live = await db.Database.ExecuteSqlAsync($"UPDATE workspaces SET name = name WHERE id = {workspace.Id} AND deleted_at IS NULL", ct);
        if (live == 0)
        {
            await transaction.DisposeAsync();
            throw new TenancyException(TenancyError.NotFound, $"no workspace '{workspace.Name}'");
        }

        return transaction;
    }
}
