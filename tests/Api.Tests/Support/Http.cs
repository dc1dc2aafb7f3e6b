using System.Net;

namespace Berth.Tests.Support;

/// <summary>Plain HTTP probes against a server under test.</summary>
public static class Http
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The status code of a GET, or 0 when nothing answered at all.</summary>
    public static async Task<HttpStatusCode> StatusAsync(Uri url)
    {
        try
        {
            using var response = await Client.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(Uri url, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }
}
