using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Berth.Engine.Store.Sql;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Store.Write;

/// <summary>
/// Group commit. A workspace's revisions are drawn under a lock on its head row, so its writes
/// are serial at the database; to keep throughput, one writer loop per workspace takes every
/// write that queued while the previous commit was in flight and commits them together in one
/// transaction (one fsync for many writes, as databases do for their own log). A batch holds each
/// key once: a second write of a key waits for the next batch, so every driver can judge a batch's
/// writes against the current rows as they were before it (PostgreSQL does so in one statement).
/// </summary>
internal sealed class GroupCommitter(IStoreDriver driver, RevisionStoreOptions options, Action<string, long> committed, ILogger logger) : IAsyncDisposable
{
    private readonly IStoreDriver driver = driver;
    private readonly RevisionStoreOptions options = options;
    private readonly Action<string, long> committed = committed;
    private readonly ILogger logger = logger;
    private readonly ConcurrentDictionary<string, WorkspaceWriter> writers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    public Task<KeyValue> SubmitAsync(string workspace, WriteOp op)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        var pending = new PendingWrite(op);
        writers.GetOrAdd(workspace, ws => new WorkspaceWriter(this, ws)).Enqueue(pending);
        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        foreach (var writer in writers.Values)
        {
            await writer.StopAsync();
        }

        stopping.Dispose();
    }

    private sealed class PendingWrite(WriteOp op)
    {
        public WriteOp Op { get; } = op;

        public long Submitted { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<KeyValue> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class WorkspaceWriter
    {
        private readonly GroupCommitter owner;
        private readonly string workspace;
        private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Linger linger;
        private readonly Task loop;
        private PendingWrite? carried; // the second write of a key in the last batch: it opens the next one

        public WorkspaceWriter(GroupCommitter owner, string workspace)
        {
            this.owner = owner;
            this.workspace = workspace;
            linger = new Linger(owner.options.WriteLinger, owner.options.TimeProvider);
            loop = Task.Run(RunAsync);
        }

        public void Enqueue(PendingWrite write)
        {
            if (queue.Writer.TryWrite(write))
            {
                linger.Arrived();
            }
            else
            {
                write.Completion.TrySetException(new ObjectDisposedException(nameof(GroupCommitter)));
            }
        }

        public async Task StopAsync()
        {
            queue.Writer.TryComplete();
            await loop;
        }

        private async Task RunAsync()
        {
            try
            {
                await DrainAsync();
            }
            catch (Exception e)
            {
                // Never leave a writer waiting on a loop that is gone: fail what is queued, and let the
                // next write to this workspace start a fresh loop.
                owner.logger.LogError(e, "writer loop of workspace {Workspace} stopped", workspace);
                owner.writers.TryRemove(new KeyValuePair<string, WorkspaceWriter>(workspace, this));
                queue.Writer.TryComplete();
                carried?.Completion.TrySetException(new StoreException(StoreErrorCode.Unavailable, "the store's writer stopped; retry", e));
                while (queue.Reader.TryRead(out var write))
                {
                    linger.Taken();
                    write.Completion.TrySetException(new StoreException(StoreErrorCode.Unavailable, "the store's writer stopped; retry", e));
                }
            }
        }

        private async Task DrainAsync()
        {
            var maxBatch = owner.options.MaxWriteBatch;
            var batch = new List<PendingWrite>(maxBatch);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var lastBatchSize = 1;
            while (carried is not null || await queue.Reader.WaitToReadAsync())
            {
                await linger.WaitAsync(Math.Min(lastBatchSize, maxBatch) - (carried is null ? 0 : 1));

                batch.Clear();
                keys.Clear();
                if (carried is not null)
                {
                    batch.Add(carried);
                    keys.Add(carried.Op.Key);
                    carried = null;
                }

                while (batch.Count < maxBatch && queue.Reader.TryRead(out var write))
                {
                    linger.Taken();
                    if (!keys.Add(write.Op.Key))
                    {
                        carried = write;
                        break;
                    }

                    batch.Add(write);
                }

                await CommitAsync(batch);
                lastBatchSize = batch.Count;
            }
        }

        private async Task CommitAsync(List<PendingWrite> batch)
        {
            try
            {
                var plan = await owner.driver.CommitBatchAsync(workspace, batch.Select(w => w.Op).ToList(), CancellationToken.None);
                if (plan.Rows.Count > 0)
                {
                    owner.committed(workspace, plan.NewRevision);
                }

                StoreMetrics.WriteBatchSize.Record(batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    Complete(batch[i], plan.Outcomes[i]);
                }
            }
            catch (Exception e)
            {
                // Nothing of this batch committed (the transaction rolled back, or the commit never
                // returned); every writer in it gets the error and may retry with what it read.
                var error = e as StoreException ?? new StoreException(StoreErrorCode.Unavailable, $"write failed: {e.Message}", e);
                owner.logger.LogWarning("group commit of {Count} writes in workspace {Workspace} failed: {Reason}", batch.Count, workspace, e.Message);
                foreach (var write in batch)
                {
                    write.Completion.TrySetException(error);
                }
            }
        }

        private static void Complete(PendingWrite write, object outcome)
        {
            StoreMetrics.WriteDuration.Record(Stopwatch.GetElapsedTime(write.Submitted).TotalSeconds);
            if (outcome is KeyValue kv)
            {
                write.Completion.TrySetResult(kv);
            }
            else
            {
                write.Completion.TrySetException((Exception)outcome);
            }
        }
    }
}
