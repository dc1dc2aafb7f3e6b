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

    /// <summary>When it was last renamed; null when it has its first name.</summary>
    public DateTimeOffset? RenamedAt { get; set; }

    /// <summary>Since when it has had its name: what of the audit log under that name is its own.</summary>
    public DateTimeOffset NamedAt => RenamedAt ?? CreatedAt;

    /// <summary>When it was deleted; null while it lives. A deleted workspace keeps its row, and its name, until it is purged.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Whether developers may read its Secrets (get, list, watch); off unless an owner or admin allows it.</summary>
    public bool DevelopersReadSecrets { get; set; }

    public List<WorkspaceMember> Members { get; } = [];

    public static string NewId() => "ws_" + Guid.NewGuid().ToString("N");
}
