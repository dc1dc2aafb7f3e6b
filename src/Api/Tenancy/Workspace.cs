namespace Berth.Api.Tenancy;

/// <summary>
/// A tenant: to kubectl, a cluster of its own under <c>/k8s/{Name}/</c>. The name is what URLs,
/// store keys and tokens carry; the id is what memberships refer to.
/// </summary>
public sealed class Workspace
{
    public string Id { get; set; } = NewId();

    /// <summary>A DNS label (<c>WorkspaceName</c>), unique.</summary>
    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<WorkspaceMember> Members { get; } = [];

    public static string NewId() => "ws_" + Guid.NewGuid().ToString("N");
}
