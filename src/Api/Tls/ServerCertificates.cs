using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Berth.Engine.Nodes;

namespace Berth.Api.Tls;

/// <summary>
/// The server's TLS identity: the certificate Kestrel presents (with the chain sent beside it) and
/// the CA clients are told to trust it by. Either generated the k3s way (<see cref="GeneratedCertificates"/>)
/// or the operator's own files (<see cref="OperatorCertificates"/>). A publicly trusted operator
/// certificate has no CA here: clients then trust it by their system's roots.
/// </summary>
internal sealed class ServerCertificates
{
    public ServerCertificates(X509Certificate2? authority, X509Certificate2 serving, X509Certificate2Collection intermediates)
    {
        Authority = authority;
        Serving = serving;
        // offline: the chain is what the files hold; nothing is fetched from the certificates' AIA addresses.
        ServingContext = SslStreamCertificateContext.Create(serving, intermediates, offline: true);
    }

    /// <summary>The CA, as kubeconfig's <c>certificate-authority-data</c> carries it; null for a publicly trusted certificate.</summary>
    public X509Certificate2? Authority { get; }

    /// <summary>The certificate Kestrel presents, with its private key.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The serving certificate and its intermediates, as the TLS handshake sends them.</summary>
    public SslStreamCertificateContext ServingContext { get; }

    public string? AuthorityPem => Authority?.ExportCertificatePem();

    /// <summary>The CA's hash, as join tokens carry it for agents to check the server by; null without a CA (agents then use the system's roots).</summary>
    public string? AuthorityHash => AuthorityPem is { } pem ? JoinToken.CaHashOf(pem) : null;

    /// <summary>
    /// The name a kubeconfig must check the certificate for (<c>tls-server-name</c>) when it does not
    /// cover <paramref name="server"/>'s host, as an operator's certificate for <c>berth.example.com</c>
    /// does not cover the admin kubeconfig's 127.0.0.1: its first DNS name; null when it covers the host, or names none.
    /// </summary>
    public string? ServerNameFor(Uri server) =>
        Serving.MatchesHostname(server.DnsSafeHost)
            ? null
            : DnsNames(Serving).FirstOrDefault(name => !name.StartsWith("*.", StringComparison.Ordinal));

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(names => names.EnumerateDnsNames());

    /// <summary>What a client in this process trusts the server by: the CA, or without one the serving certificate itself.</summary>
    public string TrustedPem => AuthorityPem ?? Serving.ExportCertificatePem();
}
