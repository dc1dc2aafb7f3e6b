namespace Berth.Api.Audit;

/// <summary>
/// One row of the audit log: who (a user, or the login a failed sign-in attempted), with which
/// token, in which workspace, did what to which object, and what the server answered. Never a body,
/// a secret or a password.
/// </summary>
public sealed record AuditEvent(
    DateTimeOffset At,
    string? User,
    string? TokenId,
    string? Workspace,
    string Verb,
    string? ApiGroup,
    string? Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    int Status,
    string? Source)
{
    /// <summary>Its position in the log, once stored (0 before): the cursor of paged reads.</summary>
    public long Id { get; init; }

    /// <summary>The revision a successful write stored (the object's resourceVersion), which links an object's history to who wrote it; null for reads, refusals and dry runs.</summary>
    public long? Revision { get; init; }
}
