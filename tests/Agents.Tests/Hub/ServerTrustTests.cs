using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Berth.Agents.Hub;

namespace Berth.Agents.Tests.Hub;

/// <summary>How an agent trusts the server: by the CA it was given, or by exactly the certificate it was given (the embedded agent's pin on a public certificate).</summary>
public sealed class ServerTrustTests
{
    [Fact]
    public void A_CA_trusts_what_it_signed_and_a_pinned_leaf_trusts_only_itself()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=trust-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(10));
        using var served = Leaf(authority, 1);
        using var other = Leaf(authority, 2);
        using var stranger = new CertificateRequest("CN=stranger", ECDsa.Create(), HashAlgorithmName.SHA256).CreateSelfSigned(now.AddDays(-1), now.AddDays(10));

        var byAuthority = ServerTrust.Only(authority.ExportCertificatePem());
        var pinned = ServerTrust.Only(served.ExportCertificatePem());

        Assert.True(byAuthority(this, served, null, SslPolicyErrors.None));
        Assert.True(byAuthority(this, other, null, SslPolicyErrors.None));
        Assert.False(byAuthority(this, stranger, null, SslPolicyErrors.None));
        Assert.True(pinned(this, served, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(pinned(this, other, null, SslPolicyErrors.None));
        Assert.False(pinned(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    private static X509Certificate2 Leaf(X509Certificate2 authority, byte serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=server-{serial}", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.Create(authority, now.AddHours(-1), now.AddDays(5), [serial]);
    }
}
