using Berth.Api.Authentication;

namespace Berth.Api.Tenancy;

/// <summary>
/// Users' roles by workspace, as every authorized request needs them, remembered briefly
/// (<see cref="ShortLivedCache{TKey, TValue}"/>); "not a member" is remembered too, so probing
/// a workspace one is not in costs no query either. Member changes on this server clear it at once.
/// </summary>
public sealed class RoleCache(TimeProvider time)
{
    private readonly ShortLivedCache<(string User, string Workspace), WorkspaceRole?> entries = new(time);

    internal bool TryFind(string user, string workspace, out WorkspaceRole? role) => entries.TryFind((user, workspace), out role);

    internal void Remember(string user, string workspace, WorkspaceRole? role) => entries.Remember((user, workspace), role);

    public void Clear() => entries.Clear();
}
