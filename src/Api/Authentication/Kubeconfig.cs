using System.Text;

namespace Berth.Api.Authentication;

/// <summary>
/// A kubeconfig for one workspace and one token, as kubectl reads it: the workspace's API under
/// <c>/k8s/{workspace}</c> over TLS, the server's CA embedded when it has one (kubectl sends tokens only over TLS,
/// and checks the server against this CA), and a context that is current.
/// </summary>
public static class Kubeconfig
{
    /// <param name="server">The server's base address, e.g. <c>https://127.0.0.1:8080/</c>.</param>
    /// <param name="authorityPem">The server's CA; null for a publicly trusted certificate, which kubectl checks by the system's roots.</param>
    /// <param name="tlsServerName">The name to check the server's certificate for when it does not cover <paramref name="server"/>'s host; null when it does.</param>
    public static string Render(Uri server, string workspace, string user, string? authorityPem, string token, string? tlsServerName = null)
    {
        var authority = authorityPem is null
            ? ""
            : $"\n    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(authorityPem))}";
        if (tlsServerName is not null)
        {
            authority += $"\n    tls-server-name: {tlsServerName}";
        }

        var cluster = "berth-" + workspace;
        var credential = $"{cluster}-{user}";
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {cluster}
              cluster:
                server: {new Uri(server, $"k8s/{workspace}").AbsoluteUri.TrimEnd('/')}{authority}
            users:
            - name: {credential}
              user:
                token: {token}
            contexts:
            - name: {cluster}
              context:
                cluster: {cluster}
                user: {credential}
                namespace: default
            current-context: {cluster}

            """;
    }
}
