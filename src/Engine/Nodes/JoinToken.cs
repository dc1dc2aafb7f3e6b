using System.Security.Cryptography;

namespace Berth.Engine.Nodes;

/// <summary>
/// A join token as an operator copies it, like k3s's <c>K10&lt;ca-hash&gt;::…</c>: the secret
/// (<c>berth_join_…</c>, stored on the server only as a hash) and, in the full form, the SHA-256 of
/// the server's CA certificate in front of it, so a machine joining over TLS can tell the real
/// server from an impostor before it sends the secret (kubeadm's discovery hash). Full form:
/// <c>berth_join_&lt;64 hex&gt;::&lt;secret&gt;</c>; short form, without the hash: <c>berth_join_&lt;secret&gt;</c>.
/// </summary>
public sealed record JoinToken(string? CaHash, string Secret)
{
    public const string Prefix = "berth_join_";

    private const string Separator = "::";

    /// <summary>The text to hand to <c>berth agent --token</c>.</summary>
    public override string ToString() => CaHash is null ? Prefix + Secret : Prefix + CaHash + Separator + Secret;

    /// <summary>A new random secret (256 bits, base64url).</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The token in <paramref name="text"/>, or null when it is not a join token.</summary>
    public static JoinToken? TryParse(string text)
    {
        text = text.Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text[Prefix.Length..];
        var split = rest.IndexOf(Separator, StringComparison.Ordinal);
        if (split < 0)
        {
            return rest.Length > 0 ? new JoinToken(null, rest) : null;
        }

        var hash = rest[..split].ToLowerInvariant();
        var secret = rest[(split + Separator.Length)..];
        return hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower) && secret.Length > 0 ? new JoinToken(hash, secret) : null;
    }

    /// <summary>The hash a join token carries for a CA certificate (PEM): SHA-256 of its DER bytes, lower-case hex.</summary>
    public static string CaHashOf(string certificatePem)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificatePem);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }
}

/// <summary>The HTTP routes a joining machine uses before it has a node credential.</summary>
public static class JoinRoutes
{
    /// <summary>GET, unauthenticated: the server's CA certificate (PEM), which the joiner checks against its token's hash.</summary>
    public const string CaCertificates = "/agent/v1/cacerts";

    /// <summary>POST <see cref="JoinRequest"/> with the join secret as a bearer token: a node credential back (<see cref="JoinResponse"/>).</summary>
    public const string Join = "/agent/v1/join";
}

public sealed record JoinRequest(string NodeName);

/// <param name="Credential">The node's own credential (<c>berth_node_…</c>), shown this once.</param>
public sealed record JoinResponse(string Credential, string Workspace, string Node);
