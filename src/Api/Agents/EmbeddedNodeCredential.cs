using Berth.Api.Bootstrap;

namespace Berth.Api.Agents;

/// <summary>
/// The credential of the node the server runs for its own machine (k3s's embedded agent), kept in
/// <c>DATA_DIR/agent/node-credential</c> with mode 0600: reused while it is live, issued anew when
/// it is missing or was revoked.
/// </summary>
internal static class EmbeddedNodeCredential
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "agent", "node-credential");

    public static async Task<string> EnsureAsync(NodeCredentialStore credentials, string dataDirectory, string workspace, string nodeName, CancellationToken ct)
    {
        var file = PathIn(dataDirectory);
        if (File.Exists(file) && (await File.ReadAllTextAsync(file, ct)).Trim() is { Length: > 0 } kept
            && await credentials.VerifyAsync(kept, ct) is { } node && node.Workspace == workspace && node.NodeName == nodeName)
        {
            return kept;
        }

        var issued = await credentials.IssueAsync(workspace, nodeName, ct);
        await PrivateFile.WriteAsync(file, issued.Secret + "\n", ct);
        return issued.Secret;
    }
}
