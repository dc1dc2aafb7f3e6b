using System.Net;
using Berth.Api.Tests.Support;
using Berth.Engine.Nodes;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Tls;

/// <summary>
/// <c>--tls-cert-file</c>/<c>--tls-key-file</c>: the server presents the operator's certificate, and
/// kubeconfigs, <c>/agent/v1/cacerts</c> and join tokens carry the operator's CA (none for a
/// certificate with no CA in sight, which clients then check by their system's roots). Files that
/// cannot serve are refused at start with one line.
/// </summary>
public sealed class OperatorCertificateTests
{
    [KubectlFact]
    public async Task The_server_presents_the_operators_certificate_and_kubectl_trusts_it_by_the_operators_CA()
    {
        using var directory = new TempDirectory();
        var certificates = TestCertificates.Create();
        var (certificate, key, ca) = certificates.Write(directory.Path);
        await using var server = await TestServers.StartAsync(Path.Combine(directory.Path, "data"), listen: "0.0.0.0:0",
            tlsCertificateFile: certificate, tlsKeyFile: key, tlsCaFile: ca);

        var (token, authority) = TestCertificates.ReadKubeconfig(server);
        Assert.Equal(certificates.AuthorityPem, authority);
        Assert.DoesNotContain("tls-server-name", await File.ReadAllTextAsync(server.KubeconfigPath)); // the certificate names 127.0.0.1
        var presented = new List<string>();
        using var https = TestCertificates.Trusting(certificates.AuthorityPem, server.TlsAddress, c => presented.Add(c.Thumbprint));
        using var api = await https.SendAsync(TestCertificates.WithToken(HttpMethod.Get, "/k8s/default/api", token));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal([certificates.Leaf.Thumbprint], presented.Distinct());
        Assert.Equal(certificates.AuthorityPem, await https.GetStringAsync("/agent/v1/cacerts"));
        var nodeToken = JoinToken.TryParse(await File.ReadAllTextAsync(server.NodeTokenPath))!;
        Assert.Equal(JoinToken.CaHashOf(certificates.AuthorityPem), nodeToken.CaHash);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "data", "tls")), "no CA is generated beside the operator's");

        var kubectl = new Kubectl(server.KubeconfigPath, Path.Combine(directory.Path, "kube-cache"));
        var namespaces = await kubectl.RunAsync("get", "namespaces", "-o", "name");
        Assert.True(namespaces.ExitCode == 0, namespaces.ToString());
        Assert.Contains("namespace/default", namespaces.Stdout);
    }

    [KubectlFact]
    public async Task A_certificate_that_does_not_name_127_0_0_1_gives_the_admin_kubeconfig_a_tls_server_name_kubectl_uses()
    {
        using var directory = new TempDirectory();
        var (certificate, key, ca) = TestCertificates.Create(namesLoopback: false).Write(directory.Path);
        await using var server = await TestServers.StartAsync(Path.Combine(directory.Path, "data"),
            tlsCertificateFile: certificate, tlsKeyFile: key, tlsCaFile: ca);

        Assert.Contains($"tls-server-name: {TestCertificates.DnsName}", await File.ReadAllTextAsync(server.KubeconfigPath));
        var kubectl = new Kubectl(server.KubeconfigPath, Path.Combine(directory.Path, "kube-cache"));
        var namespaces = await kubectl.RunAsync("get", "namespaces", "-o", "name");
        Assert.True(namespaces.ExitCode == 0, namespaces.ToString());
        Assert.Contains("namespace/default", namespaces.Stdout);
    }

    [Fact]
    public async Task Without_a_CA_file_the_CA_is_the_self_signed_end_of_the_chain()
    {
        using var directory = new TempDirectory();
        var certificates = TestCertificates.Create();
        var (certificate, key, _) = certificates.Write(directory.Path, withChain: true);
        await using var server = await TestServers.StartAsync(Path.Combine(directory.Path, "data"), tlsCertificateFile: certificate, tlsKeyFile: key);

        Assert.Equal(certificates.AuthorityPem, TestCertificates.ReadKubeconfig(server).AuthorityPem);
        var (status, body, _) = await Http.GetAsync(server.Url("/agent/v1/cacerts"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(certificates.AuthorityPem, body);
    }

    [Fact]
    public async Task A_certificate_with_no_CA_in_sight_is_taken_as_publicly_trusted()
    {
        using var directory = new TempDirectory();
        var certificates = TestCertificates.Create();
        var (certificate, key, _) = certificates.Write(directory.Path);
        await using var server = await TestServers.StartAsync(Path.Combine(directory.Path, "data"), tlsCertificateFile: certificate, tlsKeyFile: key);

        Assert.Null(TestCertificates.ReadKubeconfig(server).AuthorityPem);
        Assert.DoesNotContain("certificate-authority-data", await File.ReadAllTextAsync(server.KubeconfigPath));
        Assert.Equal(HttpStatusCode.NotFound, await Http.StatusAsync(server.Url("/agent/v1/cacerts")));
        var nodeToken = JoinToken.TryParse(await File.ReadAllTextAsync(server.NodeTokenPath))!;
        Assert.Null(nodeToken.CaHash); // agents check such a server by their system's roots
        // The client stands in for the system's roots, which would hold a public CA.
        var presented = new List<string>();
        using var https = TestCertificates.Trusting(certificates.AuthorityPem, server.TlsAddress, c => presented.Add(c.Thumbprint));
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync("/readyz")).StatusCode);
        Assert.Equal([certificates.Leaf.Thumbprint], presented.Distinct());
    }

    [Fact]
    public async Task A_key_that_is_not_the_certificates_is_refused_at_start()
    {
        using var directory = new TempDirectory();
        var (certificate, _, _) = TestCertificates.Create().Write(directory.Path);
        using var other = new TempDirectory();
        var otherKey = TestCertificates.Create().Write(other.Path).Key;

        var error = await Assert.ThrowsAsync<FormatException>(() =>
            TestServers.StartAsync(Path.Combine(directory.Path, "data"), tlsCertificateFile: certificate, tlsKeyFile: otherKey));

        Assert.StartsWith($"the key in {otherKey} does not match the certificate in {certificate}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "data")), "refused before the datastore is touched");
    }

    [Fact]
    public async Task An_expired_certificate_or_a_certificate_without_its_key_is_refused_at_start()
    {
        using var directory = new TempDirectory();
        var (certificate, key, ca) = TestCertificates.Create(notAfter: DateTimeOffset.UtcNow.AddHours(-1)).Write(directory.Path);
        var data = Path.Combine(directory.Path, "data");

        var expired = await Assert.ThrowsAsync<FormatException>(() => TestServers.StartAsync(data, tlsCertificateFile: certificate, tlsKeyFile: key));
        Assert.StartsWith($"the certificate in {certificate} expired on ", expired.Message);
        var alone = await Assert.ThrowsAsync<FormatException>(() => TestServers.StartAsync(data, tlsCertificateFile: certificate));
        Assert.Equal("--tls-cert-file and --tls-key-file go together: give both, or neither for the server's own CA", alone.Message);
        var caAlone = await Assert.ThrowsAsync<FormatException>(() => TestServers.StartAsync(data, tlsCaFile: ca));
        Assert.Equal(alone.Message, caAlone.Message);
    }
}
