using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Api.Tls;

/// <summary>
/// The server's TLS identity made the k3s way: a CA created once in <c>DATA_DIR/tls/</c> and kept,
/// and a serving certificate signed by it at every start for the addresses the server answers on.
/// kubectl only sends a bearer token over TLS, so the admin kubeconfig trusts this CA.
/// </summary>
internal static class GeneratedCertificates
{
    private const string CaCertificateFile = "ca.crt";
    private const string CaKeyFile = "ca.key";

    public static ServerCertificates LoadOrCreate(string dataDirectory, IPAddress listenAddress)
    {
        var directory = Path.Combine(dataDirectory, "tls");
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, CaCertificateFile);
        var keyPath = Path.Combine(directory, CaKeyFile);
        X509Certificate2 authority;
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            authority = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        else
        {
            authority = CreateAuthority();
            WritePrivate(keyPath, authority.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(certificatePath, authority.ExportCertificatePem());
        }

        return new ServerCertificates(authority, CreateServing(authority, listenAddress), []);
    }

    private static X509Certificate2 CreateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=berth-server-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
    }

    private static X509Certificate2 CreateServing(X509Certificate2 authority, IPAddress listenAddress)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=berth-server", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (!listenAddress.Equals(IPAddress.Any) && !listenAddress.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(listenAddress))
        {
            names.AddIpAddress(listenAddress);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number, as RFC 5280 asks
        using var signed = request.Create(authority, now.AddMinutes(-5), now.AddYears(1), serial);
        return signed.CopyWithPrivateKey(key);
    }

    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(text);
    }
}
