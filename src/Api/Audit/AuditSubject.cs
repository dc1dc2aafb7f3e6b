using Microsoft.AspNetCore.Http;

namespace Berth.Api.Audit;

/// <summary>
/// Who a request acts for, as the audit log records it. The filters that authenticate note it as
/// soon as they know it, before they authorize, so a refused request (403) is recorded with its
/// user; a sign-in notes the login it attempted, so a failed one is recorded too.
/// </summary>
public sealed record AuditSubject(string User, string? TokenId)
{
    private const string Key = "berth.audit.subject";

    public static AuditSubject? Of(HttpContext context) => context.Items.TryGetValue(Key, out var subject) ? subject as AuditSubject : null;

    public static void Note(HttpContext context, string user, string? tokenId) => context.Items[Key] = new AuditSubject(user, tokenId);
}
