using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Audit;

/// <summary>
/// Takes audit events off the request path: a request hands its row to a bounded queue and goes on;
/// one background loop stores what has queued in batches of up to <see cref="BatchSize"/>, one
/// transaction each. When the queue is full the request waits for room rather than dropping its
/// row: an audit log that loses rows under load would be worse than a slower write. On a clean
/// shutdown the host stops serving requests first, then this loop stores every queued row before
/// it ends. A batch the datastore refuses is retried with backoff until the host stops. Each stored
/// batch is told to <see cref="AuditedRevisions"/>, for readers waiting for a write's author.
/// </summary>
public sealed partial class AuditLog(AuditStore store, AuditedRevisions audited, ILogger<AuditLog> logger) : BackgroundService
{
    public const int Capacity = 10_000;
    public const int BatchSize = 256;

    private readonly Channel<AuditEvent> queue = Channel.CreateBounded<AuditEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public ValueTask AppendAsync(AuditEvent e) => queue.Writer.WriteAsync(e);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEvent>(BatchSize);
        // Not stoppingToken: waiting ends when the queue is completed and empty (see StopAsync).
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < BatchSize && queue.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            await StoreAsync(batch, stoppingToken);
            audited.Stored(batch);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Requests have stopped: no more rows come. The loop drains the rest, then ends.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task StoreAsync(List<AuditEvent> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.AppendAsync(batch, CancellationToken.None);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested || attempt < 3)
            {
                LogAppendFailed(logger, e, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt * attempt)), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(EventId = 80, Level = LogLevel.Warning, Message = "Could not store {Count} audit events (attempt {Attempt}); retrying")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, int count, int attempt);
}
