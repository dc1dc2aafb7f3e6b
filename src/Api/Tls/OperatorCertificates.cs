using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Api.Tls;

/// <summary>
/// An operator's own certificate (<c>--tls-cert-file</c>, <c>--tls-key-file</c>, PEM; the certificate
/// file may hold the chain after the leaf), checked before the server starts: a key that is not
/// the certificate's, a certificate out of its validity, or one flag without the other ends the start
/// with a <see cref="FormatException"/> of one line. The CA clients trust it by is <c>--tls-ca-file</c>,
/// else the self-signed certificate the chain ends in, else none: a publicly trusted certificate.
/// </summary>
internal static class OperatorCertificates
{
    /// <summary>The operator's certificates, or null when the options name none (the server then generates its own).</summary>
    public static ServerCertificates? LoadIfGiven(ServerOptions options, TimeProvider time)
    {
        var (certificateFile, keyFile, caFile) = (options.TlsCertificateFile, options.TlsKeyFile, options.TlsCaFile);
        if (certificateFile is null && keyFile is null && caFile is null)
        {
            return null;
        }

        if (certificateFile is null || keyFile is null)
        {
            throw new FormatException("--tls-cert-file and --tls-key-file go together: give both, or neither for the server's own CA");
        }

        var chain = ReadCertificates(certificateFile, "--tls-cert-file");
        var serving = WithKey(chain[0], certificateFile, keyFile);
        CheckValidity(serving, certificateFile, time.GetUtcNow());
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain.Skip(1))
        {
            intermediates.Add(certificate);
        }

        var authority = caFile is null ? RootOf(chain) : ReadCertificates(caFile, "--tls-ca-file")[0];
        if (authority is not null && !SignedBy(serving, intermediates, authority))
        {
            throw new FormatException(caFile is null
                ? $"the certificate chain in {certificateFile} does not verify up to the self-signed certificate it ends in"
                : $"the certificate in {certificateFile} is not signed by the CA in {caFile}");
        }

        return new ServerCertificates(authority, serving, intermediates);
    }

    private static X509Certificate2Collection ReadCertificates(string path, string flag)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"{flag} {path} is not a PEM certificate file: {e.Message}", e);
        }

        return certificates.Count > 0 ? certificates : throw new FormatException($"{flag} {path} holds no PEM certificate");
    }

    private static X509Certificate2 WithKey(X509Certificate2 leaf, string certificateFile, string keyFile)
    {
        var keyPem = File.ReadAllText(keyFile);
        try
        {
            return X509Certificate2.CreateFromPem(leaf.ExportCertificatePem(), keyPem);
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"the key in {keyFile} does not match the certificate in {certificateFile} (or is not a PEM private key): {e.Message}", e);
        }
    }

    private static void CheckValidity(X509Certificate2 certificate, string path, DateTimeOffset now)
    {
        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            throw new FormatException($"the certificate in {path} expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
        }

        if (certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            throw new FormatException($"the certificate in {path} is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
        }
    }

    /// <summary>The self-signed certificate the chain ends in (the leaf itself when it is self-signed), or null.</summary>
    private static X509Certificate2? RootOf(X509Certificate2Collection chain)
    {
        var last = chain[^1];
        return last.SubjectName.RawData.AsSpan().SequenceEqual(last.IssuerName.RawData) ? last : null;
    }

    private static bool SignedBy(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
