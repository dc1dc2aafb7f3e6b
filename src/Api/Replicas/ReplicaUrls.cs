using System.Net;

namespace Berth.Api.Replicas;

/// <summary>The URL a replica records for the others to reach it by (<c>--advertise-url</c>, or what it bound).</summary>
internal static class ReplicaUrls
{
    /// <summary>The operator's <c>--advertise-url</c>, checked before anything binds: an absolute http or https URL, or null.</summary>
    public static Uri? ParseAdvertised(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && url.PathAndQuery == "/"
            ? url
            : throw new FormatException($"--advertise-url: expected a URL such as https://10.0.0.5:8080, not {text}");

    /// <summary>
    /// https with the address and port bound; bound to every address, the machine's host name, which
    /// the others must resolve (else give <c>--advertise-url</c>).
    /// </summary>
    public static Uri Default(ListenAddress listen, Uri bound)
    {
        var address = listen.EndPoint.Address;
        var host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? Dns.GetHostName() : bound.Host;
        return new UriBuilder(Uri.UriSchemeHttps, host, bound.Port).Uri;
    }
}
