using Berth.Engine.Resources.Objects;

namespace Berth.Api.Bootstrap;

/// <summary>
/// What a fresh server holds before anyone has done anything, as k3s starts with a usable
/// cluster: the workspace <c>default</c> with Kubernetes' four standard namespaces, owned by the
/// user <c>admin</c> (<see cref="AdminUser"/>). Every step is idempotent, so each start (and each replica) simply runs it.
/// </summary>
internal static class DefaultWorkspace
{
    public const string Name = "default";
    public const string AdminUser = "admin";

    public static Task EnsureAsync(ResourceObjects objects, CancellationToken ct) => StandardNamespaces.EnsureAsync(objects, Name, ct);
}
