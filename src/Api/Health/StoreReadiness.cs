using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Health;

/// <summary>The answer to "can this server serve?": ready, or not with the reason.</summary>
internal sealed record Readiness(bool IsReady, string? Reason)
{
    public static readonly Readiness Ready = new(true, null);

    public static Readiness NotReady(string reason) => new(false, reason);
}

/// <summary>
/// Whether the revision store answers, as <c>/readyz</c> reports it. A result is reused for
/// <see cref="CacheFor"/> and concurrent probes share one check, so load balancers and
/// orchestrators probing often cost the database at most one query a second. The server was
/// migrated before it started serving, so the store answering is all readiness needs.
/// </summary>
internal sealed partial class StoreReadiness(IRevisionStore store, TimeProvider time, ILogger<StoreReadiness> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    // A database that hangs rather than refuses must still turn /readyz red promptly.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private readonly Lock gate = new();
    private Task<Readiness>? latest;
    private long latestCompletedAt;
    private bool? wasReady;

    public Task<Readiness> CheckAsync()
    {
        lock (gate)
        {
            var fresh = latest is { IsCompleted: false } ||
                        (latest is not null && time.GetElapsedTime(latestCompletedAt) < CacheFor);
            if (!fresh)
            {
                latest = ProbeAsync();
            }

            return latest!;
        }
    }

    private async Task<Readiness> ProbeAsync()
    {
        Readiness result;
        using var timeout = new CancellationTokenSource(CheckTimeout, time);
        try
        {
            await store.CheckHealthAsync(timeout.Token);
            result = Readiness.Ready;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = Readiness.NotReady($"datastore did not answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            // Whatever the store throws, the honest answer to a probe is "not ready, because ...";
            // letting it escape would turn a datastore outage into a 500 from the probe itself.
            result = Readiness.NotReady(e.Message);
        }

        lock (gate)
        {
            latestCompletedAt = time.GetTimestamp();
            if (wasReady != result.IsReady)
            {
                // Log transitions only: a probe every second would otherwise repeat the same line forever.
                if (result.IsReady)
                {
                    LogReady(logger);
                }
                else
                {
                    LogNotReady(logger, result.Reason!);
                }

                wasReady = result.IsReady;
            }
        }

        return result;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Berth is ready: the datastore answers")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Berth is not ready: {Reason}")]
    private static partial void LogNotReady(ILogger logger, string reason);
}
