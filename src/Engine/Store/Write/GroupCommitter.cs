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
/// transaction (one fsync for many writes, as databases do for their own log).
/// </summary>
internal sealed class GroupCommitter(IStoreDriver driver, int maxBatch, Action<string, long> committed, ILogger logger) : IAsyncDisposable
{
    private readonly IStoreDriver driver = driver;
    private readonly int maxBatch = maxBatch;
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
        private readonly Task loop;
        private int queued; // the single-reader channel cannot count for us

        public WorkspaceWriter(GroupCommitter owner, string workspace)
        {
            this.owner = owner;
            this.workspace = workspace;
            loop = Task.Run(RunAsync);
        }

        public void Enqueue(PendingWrite write)
        {
            Interlocked.Increment(ref queued);
            if (!queue.Writer.TryWrite(write))
            {
                Interlocked.Decrement(ref queued);
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
                while (queue.Reader.TryRead(out var write))
                {
                    write.Completion.TrySetException(new StoreException(StoreErrorCode.Unavailable, "the store's writer stopped; retry", e));
                }
            }
        }

        private async Task DrainAsync()
        {
            var batch = new List<PendingWrite>(owner.maxBatch);
            var lastBatchSize = 1;
            while (await queue.Reader.WaitToReadAsync())
            {
                // The writers of the batch just committed are about to send their next writes from
                // thread-pool continuations; yielding a few times lets them queue, so batches stay as
                // large as the load (otherwise each batch would start with whichever writer came first).
                for (var spins = 0; spins < 8 && Volatile.Read(ref queued) < lastBatchSize; spins++)
                {
                    await Task.Yield();
                }

                batch.Clear();
                while (batch.Count < owner.maxBatch && queue.Reader.TryRead(out var write))
                {
                    Interlocked.Decrement(ref queued);
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
                var keys = batch.Select(w => w.Op.Key).Distinct(StringComparer.Ordinal).ToList();
                BatchPlan plan;
                await using (var transaction = await owner.driver.BeginWriteAsync(workspace, keys, CancellationToken.None))
                {
                    plan = BatchPlanner.Plan(transaction.Head, transaction.Current, batch.Select(w => w.Op).ToList());
                    if (plan.Rows.Count > 0)
                    {
                        await transaction.CommitAsync(plan.Rows, plan.Current, plan.NewRevision, CancellationToken.None);
                    }
                }

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
