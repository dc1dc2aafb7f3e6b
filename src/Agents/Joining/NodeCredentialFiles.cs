namespace Berth.Agents.Joining;

/// <summary>What a joined agent keeps in its data directory, so later starts need no join token.</summary>
/// <param name="CertificateAuthorityPem">The server's CA as the join verified it; null when the join was over plain HTTP.</param>
public sealed record KeptCredential(string Credential, string? CertificateAuthorityPem);

/// <summary>
/// <c>DATA_DIR/node-credential</c> (mode 0600: it is the node's secret) and
/// <c>DATA_DIR/server-ca.crt</c>, written after a join and read by every later start.
/// </summary>
public static class NodeCredentialFiles
{
    public static string CredentialPath(string dataDirectory) => Path.Combine(dataDirectory, "node-credential");

    public static string AuthorityPath(string dataDirectory) => Path.Combine(dataDirectory, "server-ca.crt");

    public static async Task<KeptCredential?> ReadAsync(string dataDirectory, CancellationToken ct)
    {
        var path = CredentialPath(dataDirectory);
        if (!File.Exists(path) || (await File.ReadAllTextAsync(path, ct)).Trim() is not { Length: > 0 } credential)
        {
            return null;
        }

        var authority = AuthorityPath(dataDirectory);
        return new KeptCredential(credential, File.Exists(authority) ? await File.ReadAllTextAsync(authority, ct) : null);
    }

    public static async Task WriteAsync(string dataDirectory, JoinedNode joined, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        if (joined.CertificateAuthorityPem is { } pem)
        {
            await File.WriteAllTextAsync(AuthorityPath(dataDirectory), pem, ct);
        }

        // Created 0600 before the secret goes in, then moved into place whole.
        var path = CredentialPath(dataDirectory);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var writer = new StreamWriter(new FileStream(temporary, options)))
        {
            await writer.WriteAsync((joined.Credential + "\n").AsMemory(), ct);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
