using System.Text.RegularExpressions;
using Berth.Api.Authentication;
using Berth.Api.Tls;

namespace Berth.Api.Bootstrap;

/// <summary>
/// <c>DATA_DIR/kubeconfig.yaml</c>, written on first start with an admin token for the default
/// workspace, as k3s writes <c>k3s.yaml</c>: <c>KUBECONFIG=data/kubeconfig.yaml kubectl get ns</c>
/// works at once. A restart keeps the file while its token still verifies; only when it is gone or
/// dead is a new token issued, and the data directory's old bootstrap token is revoked first, so
/// each data directory has at most one. Tokens are told apart by data directory because servers
/// sharing one PostgreSQL may each have their own, and one must not revoke another's kubeconfig.
/// </summary>
internal static partial class AdminKubeconfig
{
    public const string FileName = "kubeconfig.yaml";

    /// <summary>Makes sure the file exists with a live token and names <paramref name="server"/>; returns its path.</summary>
    public static async Task<string> EnsureAsync(string dataDirectory, Uri server, ServerCertificates certificates, ApiTokenStore tokens, CancellationToken ct)
    {
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var description = $"bootstrap admin for {Environment.MachineName}:{Path.GetDirectoryName(path)}";
        var token = File.Exists(path) ? TokenLine().Match(await File.ReadAllTextAsync(path, ct)) : Match.Empty;
        var secret = token.Success ? token.Groups["token"].Value : null;
        // A token that no longer opens default (revoked, or moved with a renamed default) is replaced.
        if (secret is null || await tokens.VerifyAsync(secret, ct) is not { Workspace: DefaultWorkspace.Name })
        {
            await tokens.RevokeAsync(DefaultWorkspace.AdminUser, DefaultWorkspace.Name, description, ct);
            secret = (await tokens.IssueAsync(DefaultWorkspace.AdminUser, DefaultWorkspace.Name, description, ct: ct)).Secret;
        }

        // Rewritten every start: the listen address may have changed, the token has not.
        await PrivateFile.WriteAsync(path, Kubeconfig.Render(server, DefaultWorkspace.Name, DefaultWorkspace.AdminUser, certificates.AuthorityPem, secret, certificates.ServerNameFor(server)), ct);
        return path;
    }

    [GeneratedRegex(@"^\s*token:\s*(?<token>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();
}
