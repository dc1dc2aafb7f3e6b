using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Berth.Api.Kubernetes;
using Berth.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Limits;

/// <summary>
/// Request rate limits with the framework's rate limiter (<see cref="RateLimitOptions"/>). The
/// partition is chosen before authentication, from the credential as sent (its hash, never the
/// secret itself), so a flood is turned away without touching the datastore; a credential that
/// turns out to be invalid was limited all the same. Sign-in attempts have their own, stricter
/// partition per client address: lockout stops guessing one account's password, this stops one
/// address trying one password on many accounts. Probes and metrics are never limited.
/// </summary>
internal static class RateLimits
{
    // The routes where a password, a join token or a new account is tried without a credential.
    private static readonly string[] SignInPaths =
        ["/console/v1/tokens", "/console/v1/session", "/console/v1/users", "/sign-in", "/sign-up", "/agent/v1/join"];

    // /internal: replica to replica (Replicas/ReplicaEndpoints), for a request the asking replica has limited already.
    private static readonly string[] UnlimitedPaths = ["/healthz", "/readyz", "/livez", "/metrics", "/internal"];

    public static IServiceCollection AddRateLimits(this IServiceCollection services, RateLimitOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options));
            limiter.OnRejected = (rejected, ct) => RejectAsync(rejected.HttpContext, rejected.Lease, ct);
        });

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options)
    {
        var request = context.Request;
        if (UnlimitedPaths.Any(path => request.Path.StartsWithSegments(path)))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        if (HttpMethods.IsPost(request.Method) && SignInPaths.Any(path => request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)))
        {
            return options.SignInAttemptsPerMinute <= 0
                ? RateLimitPartition.GetNoLimiter("sign-in")
                : RateLimitPartition.GetSlidingWindowLimiter("sign-in:" + Address(context), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
        }

        if (options.RequestsPerSecond <= 0)
        {
            return RateLimitPartition.GetNoLimiter("requests");
        }

        return RateLimitPartition.GetTokenBucketLimiter(CredentialKey(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(options.Burst, options.RequestsPerSecond),
            TokensPerPeriod = options.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>The bucket a request draws from: its bearer token's, its session cookie's, or its address's.</summary>
    private static string CredentialKey(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return "credential:" + Digest(authorization);
        }

        return context.Request.Cookies.TryGetValue(CookieSessions.CookieName, out var session) && !string.IsNullOrEmpty(session)
            ? "session:" + Digest(session)
            : "address:" + Address(context);
    }

    // A digest, so the limiter's keys (kept in memory) never hold a usable secret.
    private static string Digest(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), 0, 16);

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, CancellationToken ct)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = $"too many requests: try again in {seconds} s";
        if (context.Request.Path.StartsWithSegments("/k8s"))
        {
            // kubectl (client-go) reads the Status and waits Retry-After before it retries by itself.
            var details = new System.Text.Json.Nodes.JsonObject { ["retryAfterSeconds"] = seconds };
            await KubeResults.Status(StatusCodes.Status429TooManyRequests, "TooManyRequests", message, details).ExecuteAsync(context);
        }
        else if (context.Request.Path.StartsWithSegments("/console") || context.Request.Path.StartsWithSegments("/agent"))
        {
            await Results.Problem(message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(context);
        }
        else
        {
            await response.WriteAsync(message, ct);
        }
    }
}
