using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Berth.Engine.Store;

/// <summary>
/// The store's instruments on the "Berth.Store" meter (exported at /metrics). One meter per
/// process; the gauges sum over every open store, so tests that open many stores still see one series.
/// </summary>
internal static class StoreMetrics
{
    public const string MeterName = "Berth.Store";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<object, Func<(long Events, long Lag, long Watchers)>> Caches = new();

    public static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>(
        "berth.store.write.duration", "s", "Time from a write being submitted to its group commit being durable");

    public static readonly Histogram<int> WriteBatchSize = Meter.CreateHistogram<int>(
        "berth.store.write.batch.size", "{write}", "Writes carried by one group commit");

    public static readonly Histogram<double> ListDuration = Meter.CreateHistogram<double>(
        "berth.store.list.duration", "s", "Time to read one list page");

    public static readonly Histogram<double> WatchDeliveryDuration = Meter.CreateHistogram<double>(
        "berth.store.watch.delivery.duration", "s", "Time from the watch cache being woken for new revisions to their fan-out to every watcher");

    static StoreMetrics()
    {
        Meter.CreateObservableGauge("berth.store.watch.cache.events", () => Caches.Values.Sum(c => c().Events), "{event}",
            "Events held in the watch caches");
        Meter.CreateObservableGauge("berth.store.watch.cache.lag", () => Caches.Values.Sum(c => c().Lag), "{revision}",
            "Revisions known to be committed that the watch caches have not read yet");
        Meter.CreateObservableGauge("berth.store.watchers", () => Caches.Values.Sum(c => c().Watchers), "{watcher}",
            "Open watches");
    }

    public static void Register(object cache, Func<(long Events, long Lag, long Watchers)> sample) => Caches[cache] = sample;

    public static void Unregister(object cache) => Caches.TryRemove(cache, out _);
}
