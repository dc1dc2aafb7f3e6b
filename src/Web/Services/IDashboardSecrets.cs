using System.Security.Claims;

namespace Berth.Web.Services;

/// <summary>A key of a Secret's data and the size of its value in bytes: what a page may show before a reveal.</summary>
public sealed record SecretKey(string Key, int Size);

/// <summary>A revealed value: as text when it is UTF-8, else as base64 (<paramref name="Binary"/>).</summary>
public sealed record SecretValue(string Key, string Text, bool Binary);

/// <summary>
/// A Secret's data for its page. Pages see the keys and sizes only; the values come out one
/// explicit reveal at a time, which the host allows only to roles that may read Secrets (viewers
/// never, developers where the workspace allows it) and records in the audit log.
/// </summary>
public interface IDashboardSecrets
{
    /// <summary>The keys of the Secret's data with their sizes; empty when it has none, null when the user may not read it.</summary>
    Task<IReadOnlyList<SecretKey>?> KeysAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, CancellationToken ct = default);

    /// <summary>The value of <paramref name="key"/> (null: every key); a refusal is a <see cref="DashboardException"/>.</summary>
    Task<IReadOnlyList<SecretValue>> RevealAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, string? key, CancellationToken ct = default);

    /// <summary>
    /// The Secret as it is stored, values and all, to edit its YAML: a reveal of every key, under
    /// the same check and with the same audit row. A refusal is a <see cref="DashboardException"/>.
    /// </summary>
    Task<ObjectDocument> RevealForEditAsync(ClaimsPrincipal user, string workspace, string @namespace, string name, CancellationToken ct = default);
}
