using Berth.Api.Authentication;

namespace Berth.Api.Tenancy;

/// <summary>
/// Users' roles (and their workspace's Secret policy) by workspace, as every authorized request needs them, remembered briefly
/// (<see cref="ShortLivedCache{TKey, TValue}"/>); "not a member" is remembered too, so probing
/// a workspace one is not in costs no query either. Member changes on this server clear it at once.
/// </summary>
public sealed class RoleCache(TimeProvider time)
{
    private readonly ShortLivedCache<(string User, string Workspace), MemberAccess?> entries = new(time);

    internal bool TryFind(string user, string workspace, out MemberAccess? access) => entries.TryFind((user, workspace), out access);

    internal void Remember(string user, string workspace, MemberAccess? access) => entries.Remember((user, workspace), access);

    public void Clear() => entries.Clear();
}
