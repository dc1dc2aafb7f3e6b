using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;

namespace Berth.Api.Dashboard;

/// <summary>
/// A Secret's page's port (<see cref="IDashboardSecrets"/>): keys and sizes for anyone who may read
/// the Secret, and its values, one reveal at a time, after the API's own check for reading Secrets
/// (<see cref="Authorization.WorkspaceRights"/>) made again here, whatever the page showed. Each
/// reveal, allowed or refused, leaves an audit row (verb "reveal", source "dashboard"); the values
/// themselves go nowhere but the page: not to the log, not to the audit row.
/// </summary>
internal sealed class DashboardSecrets(ResourceObjects objects, ResourceRegistry registry, DashboardRights rights) : IDashboardSecrets
{
    public const string RevealVerb = "reveal";

    private ResourceType Secrets => registry.Find("", "v1", "secrets")!;

    public async Task<IReadOnlyList<SecretKey>?> KeysAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, CancellationToken ct = default)
    {
        if (!await rights.AllowsAsync(user, workspace, "get", Secrets, ct) || await FindAsync(workspace, @namespace, name, ct) is not { } secret)
        {
            return null;
        }

        return [.. Values(secret).Select(v => new SecretKey(v.Key, v.Bytes.Length))];
    }

    public async Task<IReadOnlyList<SecretValue>> RevealAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, string? key, CancellationToken ct = default)
    {
        var secret = await DemandAndFindAsync(user, workspace, @namespace, name, ct);
        var values = secret is null ? [] : Values(secret).Where(v => key is null || v.Key == key).ToList();
        var found = secret is not null && (key is null || values.Count == 1);
        await rights.AuditAsync(user, workspace, RevealVerb, Secrets, @namespace, name, found ? 200 : 404);
        if (!found)
        {
            throw new DashboardException(secret is null ? $"Secret {name} is gone." : $"Secret {name} has no key \"{key}\".");
        }

        return [.. values.Select(v => Show(v.Key, v.Bytes))];
    }

    public async Task<ObjectDocument> RevealForEditAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, CancellationToken ct = default)
    {
        var secret = await DemandAndFindAsync(user, workspace, @namespace, name, ct);
        await rights.AuditAsync(user, workspace, RevealVerb, Secrets, @namespace, name, secret is null ? 404 : 200);
        return secret is null ? throw new DashboardException($"Secret {name} is gone.") : new ObjectDocument(secret, ObjectYaml.Write(secret));
    }

    /// <summary>The Secret (null when there is none), once the caller is found allowed to read Secrets' values; a refusal is audited.</summary>
    private async Task<JsonObject?> DemandAndFindAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, CancellationToken ct)
    {
        try
        {
            await rights.DemandAsync(user, workspace, "get", Secrets, ct);
        }
        catch (DashboardException)
        {
            await rights.AuditAsync(user, workspace, RevealVerb, Secrets, @namespace, name, 403);
            throw;
        }

        return await FindAsync(workspace, @namespace, name, ct);
    }

    private async Task<JsonObject?> FindAsync(string workspace, string @namespace, string name, CancellationToken ct)
    {
        try
        {
            return await objects.GetAsync(workspace, Secrets, @namespace, name, ct);
        }
        catch (ResourceException e) when (e.Code == 404)
        {
            return null;
        }
    }

    /// <summary>data's values decoded (they are stored base64), then stringData's as Kubernetes would merge them, in key order.</summary>
    private static IEnumerable<(string Key, byte[] Bytes)> Values(JsonObject secret)
    {
        var values = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in secret["data"] as JsonObject ?? [])
        {
            values[key] = Decode((string?)value);
        }

        foreach (var (key, value) in secret["stringData"] as JsonObject ?? [])
        {
            values[key] = Encoding.UTF8.GetBytes((string?)value ?? "");
        }

        return values.Select(v => (v.Key, v.Value));
    }

    private static byte[] Decode(string? base64)
    {
        try
        {
            return Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            return Encoding.UTF8.GetBytes(base64 ?? ""); // not base64 (validation would not let it in): shown as stored
        }
    }

    private static SecretValue Show(string key, byte[] bytes)
    {
        try
        {
            return new SecretValue(key, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), Binary: false);
        }
        catch (DecoderFallbackException)
        {
            return new SecretValue(key, Convert.ToBase64String(bytes), Binary: true);
        }
    }
}
