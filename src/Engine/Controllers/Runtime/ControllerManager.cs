using Berth.Engine.Controllers.Leadership;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// Runs the controllers on the replica that is the leader, for every workspace the store has:
/// it keeps trying to become the leader; once it is, it builds the controllers and their shared
/// informers afresh, attaches them to each workspace (and to new ones as they appear), and runs
/// them until leadership is lost or the server stops. Every replica serves the API; only the
/// leader reconciles.
/// </summary>
public sealed partial class ControllerManager : IAsyncDisposable
{
    private readonly IRevisionStore store;
    private readonly ObjectClient client;
    private readonly ResourceRegistry registry;
    private readonly ILeaderElection election;
    private readonly IReadOnlyList<Func<ControllerContext, IController>> controllers;
    private readonly ControllerOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;
    private volatile bool isLeader;
    private int terms;
    private int disposed;

    public ControllerManager(IRevisionStore store, ResourceObjects objects, ResourceRegistry registry, ILeaderElection election,
        IReadOnlyList<Func<ControllerContext, IController>> controllers, ControllerOptions options, ILoggerFactory loggerFactory)
    {
        this.store = store;
        client = new ObjectClient(objects);
        this.registry = registry;
        this.election = election;
        this.controllers = controllers;
        this.options = options;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<ControllerManager>();
        ControllerMetrics.RegisterManager(this, () => isLeader);
    }

    /// <summary>True while this replica leads and runs the controllers.</summary>
    public bool IsLeader => isLeader;

    /// <summary>How many times this replica has become the leader.</summary>
    public int Terms => Volatile.Read(ref terms);

    public void Start() => running = Task.Run(() => RunAsync(stopping.Token));

    /// <summary>Stops the controllers and gives leadership up; safe to call more than once (the host stops it, then disposes it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync();
        await running;
        await election.DisposeAsync();
        ControllerMetrics.UnregisterManager(this);
        stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ILeadership? leadership = null;
            try
            {
                leadership = await election.TryAcquireAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogElectionFailed(logger, e);
            }

            if (leadership is not null)
            {
                await LeadAsync(leadership, ct);
                if (ct.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(options.LeaderRetryInterval, options.Time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task LeadAsync(ILeadership leadership, CancellationToken ct)
    {
        await using (leadership)
        {
            using var term = CancellationTokenSource.CreateLinkedTokenSource(ct, leadership.Lost);
            // The log line first: whoever sees this replica lead (or counts its terms) finds the line written.
            LogBecameLeader(logger, store.Driver);
            Interlocked.Increment(ref terms);
            isLeader = true;
            try
            {
                await RunTermAsync(term.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogTermFailed(logger, e);
            }
            finally
            {
                isLeader = false;
                LogStoppedLeading(logger, leadership.LostReason ?? (ct.IsCancellationRequested ? "the server is stopping" : "the controllers stopped"));
            }
        }
    }

    /// <summary>One term of leadership: fresh informers and controllers, attached to every workspace, until <paramref name="ct"/> ends it.</summary>
    private async Task RunTermAsync(CancellationToken ct)
    {
        await using var informers = new SharedInformers(store, registry, options.Informers with { Time = options.Time }, loggerFactory);
        var context = new ControllerContext(informers, client, options, loggerFactory);
        var built = controllers.Select(create => create(context)).ToList();
        var workers = built.Select(c => c.RunAsync(ct)).ToList();
        var attaching = new List<Task>();
        var attached = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var workspaces = await store.ListWorkspacesAsync(ct);
                    foreach (var workspace in workspaces.Where(attached.Add))
                    {
                        attaching.AddRange(built.Select(c => AttachAsync(c, workspace, ct)));
                    }

                    foreach (var gone in attached.Except(workspaces, StringComparer.Ordinal).ToList())
                    {
                        attached.Remove(gone);
                        built.ForEach(c => c.Detach(gone));
                        await informers.RemoveWorkspaceAsync(gone);
                    }
                }
                catch (StoreException e)
                {
                    LogWorkspacesUnreadable(logger, e);
                }

                await Task.Delay(options.WorkspacePollInterval, options.Time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            // Workers end when the term's token does; wait for them before the informers go.
            await Task.WhenAll(workers.Concat(attaching));
        }
    }

    private async Task AttachAsync(IController controller, string workspace, CancellationToken ct)
    {
        try
        {
            await controller.AttachAsync(workspace, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogAttachFailed(logger, e, controller.Name, workspace);
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Became the controller leader ({Driver}): running the controllers for every workspace")]
    private static partial void LogBecameLeader(ILogger logger, string driver);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Stopped leading the controllers: {Reason}")]
    private static partial void LogStoppedLeading(ILogger logger, string reason);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning, Message = "Could not try for controller leadership; trying again")]
    private static partial void LogElectionFailed(ILogger logger, Exception e);

    [LoggerMessage(EventId = 323, Level = LogLevel.Error, Message = "The controllers failed; leadership is given up and tried for again")]
    private static partial void LogTermFailed(ILogger logger, Exception e);

    [LoggerMessage(EventId = 324, Level = LogLevel.Warning, Message = "Could not list the workspaces; looking again shortly")]
    private static partial void LogWorkspacesUnreadable(ILogger logger, Exception e);

    [LoggerMessage(EventId = 325, Level = LogLevel.Error, Message = "Controller {Controller} could not start on workspace {Workspace}")]
    private static partial void LogAttachFailed(ILogger logger, Exception e, string controller, string workspace);
}
