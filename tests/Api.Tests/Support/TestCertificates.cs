using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Berth.Api.Tests.Support;

/// <summary>An operator's CA and a serving certificate it signed (SAN berth.operator.test and, unless asked not to, 127.0.0.1), as PEM files, and clients that trust them.</summary>
internal sealed partial class TestCertificates
{
    private TestCertificates(X509Certificate2 authority, X509Certificate2 leaf)
    {
        Authority = authority;
        Leaf = leaf;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Leaf { get; }

    public const string DnsName = "berth.operator.test";

    public static TestCertificates Create(DateTimeOffset? notAfter = null, bool namesLoopback = true)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=operator-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var authority = caRequest.CreateSelfSigned(now.AddDays(-2), now.AddYears(1));

        var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=berth.operator.test", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (namesLoopback)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        names.AddDnsName(DnsName);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // An RSA leaf under an ECDSA CA, as mixed chains are common: signed through the CA's key, not its certificate.
        using var signed = leafRequest.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-1),
            notAfter ?? now.AddDays(30), [0x01, 0x23, 0x45]);
        return new TestCertificates(authority, signed.CopyWithPrivateKey(leafKey));
    }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Writes <c>leaf.crt</c> (the leaf, then the CA when <paramref name="withChain"/>), <c>leaf.key</c> and <c>ca.crt</c>; returns their paths.</summary>
    public (string Certificate, string Key, string Authority) Write(string directory, bool withChain = false)
    {
        var certificate = Path.Combine(directory, "leaf.crt");
        var key = Path.Combine(directory, "leaf.key");
        var authority = Path.Combine(directory, "ca.crt");
        File.WriteAllText(certificate, Leaf.ExportCertificatePem() + "\n" + (withChain ? AuthorityPem : ""));
        File.WriteAllText(key, Leaf.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(authority, AuthorityPem);
        return (certificate, key, authority);
    }

    /// <summary>A client over https trusting only <paramref name="authorityPem"/>, recording the certificate the server presented.</summary>
    public static HttpClient Trusting(string authorityPem, Uri server, Action<X509Certificate2>? presented = null)
    {
        var authority = X509Certificate2.CreateFromPem(authorityPem);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            presented?.Invoke(new X509Certificate2(certificate));
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && chain.Build(new X509Certificate2(certificate));
        };
        return new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The admin token and the CA (PEM, or null) in the kubeconfig the server wrote.</summary>
    public static (string Token, string? AuthorityPem) ReadKubeconfig(BerthServer server)
    {
        var text = File.ReadAllText(server.KubeconfigPath);
        var authority = AuthorityLine().Match(text);
        return (TokenLine().Match(text).Groups[1].Value,
            authority.Success ? System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(authority.Groups[1].Value)) : null);
    }

    public static HttpRequestMessage WithToken(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [GeneratedRegex(@"^\s*token:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();

    [GeneratedRegex(@"^\s*certificate-authority-data:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AuthorityLine();
}
