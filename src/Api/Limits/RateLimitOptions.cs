namespace Berth.Api.Limits;

/// <summary>
/// How fast one client may call the server. Each API token (or session cookie, or for anonymous
/// requests each client address) has a token bucket of <see cref="Burst"/> requests refilled at
/// <see cref="RequestsPerSecond"/>; sign-in attempts (passwords, sign-up, node joins) are counted
/// per client address over a sliding minute. Over either, the answer is 429 with Retry-After.
/// </summary>
public sealed record RateLimitOptions
{
    /// <summary>Requests per second per credential, sustained; 0 turns request limiting off (benchmarks do).</summary>
    public int RequestsPerSecond { get; init; } = 100;

    /// <summary>How many requests a credential may make at once after a quiet spell (kubectl apply of a large manifest, a dashboard page load).</summary>
    public int Burst { get; init; } = 200;

    /// <summary>Password sign-ins, sign-ups and node joins per client address per minute; 0 turns this limit off.</summary>
    public int SignInAttemptsPerMinute { get; init; } = 30;
}
