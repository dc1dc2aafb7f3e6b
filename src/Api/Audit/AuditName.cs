using Microsoft.AspNetCore.Http;

namespace Berth.Api.Audit;

/// <summary>
/// The name of an object a create made: a create's URL names none (it is in the body), so the
/// endpoint notes it once the object exists, as Kubernetes' audit takes it from the response.
/// </summary>
public static class AuditName
{
    private const string Key = "berth.audit.name";

    public static string? Of(HttpContext context) => context.Items.TryGetValue(Key, out var name) ? name as string : null;

    public static void Note(HttpContext context, string? name) => context.Items[Key] = name;
}
