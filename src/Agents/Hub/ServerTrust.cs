using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Agents.Hub;

/// <summary>
/// Trusting the server by its own CA, as kubeconfig's <c>certificate-authority-data</c> does: a
/// certificate is good when it chains to that CA, or is that very certificate (a pinned leaf, which
/// is how the server's embedded agent trusts an operator's publicly trusted certificate).
/// </summary>
public static class ServerTrust
{
    /// <summary>A validation callback that trusts what chains to <paramref name="authorityPem"/> and nothing else.</summary>
    public static RemoteCertificateValidationCallback Only(string authorityPem)
    {
        var authority = X509Certificate2.CreateFromPem(authorityPem);
        return (_, certificate, _, _) => TrustedBy(authority, certificate);
    }

    private static bool TrustedBy(X509Certificate2 authority, X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        if (presented.GetRawCertData().AsSpan().SequenceEqual(authority.RawData))
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }
}
