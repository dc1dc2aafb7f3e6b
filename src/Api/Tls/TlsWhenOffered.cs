using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Berth.Api.Tls;

/// <summary>
/// Serves HTTP and HTTPS on the one listen port: a connection that opens with a TLS handshake
/// record (first byte 0x16, which no HTTP/1 request line starts with) is served over TLS, any
/// other as plain HTTP. kubectl needs TLS to send its token; probes, metrics scrapers and curl
/// keep plain HTTP on loopback (off loopback only probes do: <see cref="HttpsOffLoopback"/>).
/// Kestrel's own HTTPS middleware cannot be made conditional, hence this one.
/// </summary>
internal static class TlsWhenOffered
{
    private const byte HandshakeRecord = 0x16;

    public static ListenOptions UseTlsWhenOffered(this ListenOptions listen, SslStreamCertificateContext certificate)
    {
        // HTTP/1.1 only: without ALPN on the TLS side, HTTP/2 could not be negotiated anyway.
        listen.Protocols = HttpProtocols.Http1;
        listen.Use(next => async connection =>
        {
            var input = connection.Transport.Input;
            var first = await input.ReadAtLeastAsync(1, connection.ConnectionClosed);
            var offersTls = first.Buffer.Length > 0 && first.Buffer.FirstSpan[0] == HandshakeRecord;
            input.AdvanceTo(first.Buffer.Start); // nothing consumed: whoever reads next sees the same bytes
            if (!offersTls)
            {
                await next(connection);
                return;
            }

            var plain = connection.Transport;
            await using var tls = new SslStream(new DuplexPipeStream(plain), leaveInnerStreamOpen: true);
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    ClientCertificateRequired = false,
                }, connection.ConnectionClosed);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
            {
                return; // a failed handshake is the client's problem; the connection just ends
            }

            // Kestrel takes a request's scheme (HttpRequest.IsHttps, hence the session cookie's Secure
            // flag) from this feature, which its own HTTPS middleware would have set.
            connection.Features.Set<ITlsConnectionFeature>(new TlsConnection());
            connection.Transport = new DuplexPipe(PipeReader.Create(tls, new StreamPipeReaderOptions(leaveOpen: true)),
                PipeWriter.Create(tls, new StreamPipeWriterOptions(leaveOpen: true)));
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = plain;
            }
        });
        return listen;
    }

    /// <summary>A TLS connection without a client certificate (none is asked for).</summary>
    private sealed class TlsConnection : ITlsConnectionFeature
    {
        public X509Certificate2? ClientCertificate { get; set; }

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
