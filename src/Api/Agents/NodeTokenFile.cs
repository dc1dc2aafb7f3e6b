using Berth.Api.Bootstrap;
using Berth.Engine.Nodes;

namespace Berth.Api.Agents;

/// <summary>
/// <c>DATA_DIR/node-token</c> (mode 0600), like k3s's: a join token for workspace <c>default</c>,
/// made on the first start and kept across restarts, so joining another machine needs nothing
/// but <c>berth agent --server URL --token $(cat node-token)</c>. It carries the hash of the
/// server's CA (none with a publicly trusted operator certificate: agents check that by their system's roots); a token revoked through the console is replaced at the next start.
/// </summary>
internal static class NodeTokenFile
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "node-token");

    public static async Task<string> EnsureAsync(JoinTokenStore joinTokens, string dataDirectory, string workspace, string? caHash, CancellationToken ct)
    {
        var file = PathIn(dataDirectory);
        var kept = File.Exists(file) ? JoinToken.TryParse(await File.ReadAllTextAsync(file, ct)) : null;
        var secret = kept is not null && await joinTokens.VerifyAsync(kept.Secret, ct) is { } live && live.Workspace == workspace
            ? kept.Secret
            : (await joinTokens.IssueAsync(workspace, "the server's node-token file", "server", expires: null, ct)).Secret;
        var token = new JoinToken(caHash, secret);
        if (kept != token)
        {
            await PrivateFile.WriteAsync(file, token + "\n", ct);
        }

        return file;
    }
}
