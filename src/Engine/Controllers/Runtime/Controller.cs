using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// A control loop: informer handlers turn changes into keys on a <see cref="WorkQueue{TKey}"/>, and
/// workers call <see cref="ReconcileAsync"/> for one key at a time. A reconcile reads the current
/// state (the informers' caches, the store for what must be certain) and moves the world one step
/// towards what it should be; it keeps nothing between calls, so it is safe to run again at any
/// point, after a crash, or on another replica. A reconcile that throws is retried with backoff;
/// one that returns <see cref="Reconciled.After"/> is looked at again later. See docs/controllers.md.
/// </summary>
public abstract partial class Controller<TKey> : IController where TKey : notnull
{
    private readonly int workers;
    private readonly ILogger logger;

    protected Controller(string name, ControllerContext context, int workers)
    {
        Name = name;
        Context = context;
        this.workers = workers;
        logger = context.LoggerFactory.CreateLogger(GetType());
        Queue = new WorkQueue<TKey>(context.Options.Retry, context.Options.Time);
    }

    public string Name { get; }

    protected ControllerContext Context { get; }

    protected WorkQueue<TKey> Queue { get; }

    protected ILogger Logger => logger;

    public abstract Task AttachAsync(string workspace, CancellationToken ct);

    public virtual void Detach(string workspace)
    {
    }

    /// <summary>Brings the object (or whatever the key names) one step closer to what it should be. Throw to be retried with backoff.</summary>
    protected abstract Task<Reconciled> ReconcileAsync(TKey key, CancellationToken ct);

    public async Task RunAsync(CancellationToken ct)
    {
        ControllerMetrics.RegisterQueue(Queue, Name, () => Queue.Depth);
        try
        {
            await using (ct.Register(Queue.ShutDown))
            {
                await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(ct), CancellationToken.None)));
            }
        }
        finally
        {
            ControllerMetrics.UnregisterQueue(Queue);
            Queue.Dispose();
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        var controller = new KeyValuePair<string, object?>("controller", Name);
        while (true)
        {
            bool ok;
            TKey key;
            try
            {
                (ok, key) = await Queue.GetAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!ok)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            string result;
            try
            {
                var reconciled = await ReconcileAsync(key, ct);
                Queue.Forget(key);
                if (reconciled.RequeueAfter is { } delay)
                {
                    Queue.AddAfter(key, delay);
                    result = "requeue";
                }
                else
                {
                    result = "success";
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // leadership ended mid-reconcile: the next leader reads the store afresh
            }
            catch (Exception e)
            {
                Queue.AddRateLimited(key);
                result = "error";
                LogReconcileFailed(logger, e, Name, key, Queue.Failures(key));
            }
            finally
            {
                Queue.Done(key);
            }

            ControllerMetrics.Reconciles.Add(1, controller, new KeyValuePair<string, object?>("result", result));
            ControllerMetrics.ReconcileDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, controller);
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Controller {Controller} failed to reconcile {Key} ({Failures} in a row); retrying with backoff")]
    private static partial void LogReconcileFailed(ILogger logger, Exception e, string controller, object key, int failures);
}
