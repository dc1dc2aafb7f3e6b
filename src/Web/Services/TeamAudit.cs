namespace Berth.Web.Services;

/// <summary>What the Team page's audit log is narrowed to; null fields do not narrow.</summary>
public sealed record AuditFilter(string? User = null, string? Verb = null, string? Resource = null, DateTimeOffset? Since = null);

/// <summary>One row of a workspace's audit log as the Team page shows it (never a body or a secret: the log holds none).</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string? User, string Verb, string? Resource, string? Subresource,
    string? Namespace, string? Name, int Status, string? Source);

/// <summary>A page of the log, newest first; <paramref name="Before"/> (null on the last page) asks for the next, older one.</summary>
public sealed record AuditEntries(IReadOnlyList<AuditEntry> Items, long? Before);
