using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// The control loops' instruments on the "Berth.Controllers" meter (exported at /metrics). One
/// meter per process; gauges sum over every controller manager in it (tests run several servers).
/// </summary>
internal static class ControllerMetrics
{
    public const string MeterName = "Berth.Controllers";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<object, (string Controller, Func<int> Depth)> Queues = new();
    private static readonly ConcurrentDictionary<object, Func<bool>> Managers = new();

    public static readonly Counter<long> Reconciles = Meter.CreateCounter<long>(
        "berth.controllers.reconciles", "{reconcile}", "Reconciles run, by controller and result (success, requeue, error)");

    public static readonly Histogram<double> ReconcileDuration = Meter.CreateHistogram<double>(
        "berth.controllers.reconcile.duration", "s", "Time one reconcile of one key took");

    public static readonly Counter<long> InformerRelists = Meter.CreateCounter<long>(
        "berth.controllers.informer.relists", "{list}", "Lists an informer made again because the store had compacted past its revision");

    static ControllerMetrics()
    {
        Meter.CreateObservableGauge("berth.controllers.queue.depth", SampleQueues, "{key}",
            "Keys waiting for a worker, by controller");
        Meter.CreateObservableGauge("berth.controllers.leader", () => Managers.Values.Count(isLeader => isLeader()), "{replica}",
            "1 while this process runs the controllers (it holds the leader lock), 0 while another replica does");
    }

    public static void RegisterQueue(object queue, string controller, Func<int> depth) => Queues[queue] = (controller, depth);

    public static void UnregisterQueue(object queue) => Queues.TryRemove(queue, out _);

    public static void RegisterManager(object manager, Func<bool> isLeader) => Managers[manager] = isLeader;

    public static void UnregisterManager(object manager) => Managers.TryRemove(manager, out _);

    private static IEnumerable<Measurement<int>> SampleQueues() =>
        Queues.Values
            .GroupBy(q => q.Controller)
            .Select(g => new Measurement<int>(g.Sum(q => q.Depth()), new KeyValuePair<string, object?>("controller", g.Key)));
}
