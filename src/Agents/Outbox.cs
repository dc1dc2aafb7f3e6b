using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Berth.Engine.Nodes;

namespace Berth.Agents;

/// <summary>
/// Pod statuses and events on their way to the server, sent in batches (one hub call carries every
/// pod whose status changed since the last). Only the newest status of a pod is kept, a status equal
/// to the last one sent is not sent again, and a batch that could not be sent (no connection) waits
/// for the next one. After a reconnect everything is reported afresh: the server writes only what
/// differs from the store, so this costs no revisions.
/// </summary>
internal sealed class Outbox
{
    private const int MaxEventsPerBatch = 200;
    private const int MaxRemembered = 10_000;

    /// <summary>How long an event that was sent keeps its repeats from being sent again.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> recent = new();

    private readonly ConcurrentDictionary<string, PodStatusReport> statuses = new();
    private readonly ConcurrentQueue<PodEventReport> events = new();
    private readonly ConcurrentDictionary<string, string> sent = new();
    private readonly SemaphoreSlim signal = new(0);

    public void Status(PodRef pod, JsonObject status)
    {
        if (sent.TryGetValue(pod.Uid, out var last) && last == Digest(status) && !statuses.ContainsKey(pod.Uid))
        {
            return;
        }

        statuses[pod.Uid] = new PodStatusReport(pod, status);
        signal.Release();
    }

    /// <summary>
    /// Queues an event, unless the same one (pod, reason, message) went out within
    /// <see cref="RepeatWindow"/>: a probe failing every second must not write an Event every
    /// second into the revision log (kubelet's event correlator throttles the same way).
    /// </summary>
    public void Event(PodEventReport report)
    {
        var key = $"{report.Pod.Uid}\n{report.Reason}\n{report.Message}";
        if (recent.TryGetValue(key, out var last) && report.Time - last < RepeatWindow)
        {
            return;
        }

        recent[key] = report.Time;
        if (recent.Count > MaxRemembered)
        {
            foreach (var old in recent.Where(e => report.Time - e.Value >= RepeatWindow).Select(e => e.Key).ToList())
            {
                recent.TryRemove(old, out _);
            }
        }

        events.Enqueue(report);
        signal.Release();
    }

    /// <summary>Forgets what was sent, so the next statuses all go out (after a reconnect), and drops the pod's entry once it is gone.</summary>
    public void ForgetSent() => sent.Clear();

    public void Forget(string podUid)
    {
        statuses.TryRemove(podUid, out _);
        sent.TryRemove(podUid, out _);
    }

    /// <summary>Sends whatever waits, whenever something new arrives and at least every <paramref name="retry"/>.</summary>
    public async Task RunAsync(Func<IReadOnlyList<PodStatusReport>, IReadOnlyList<PodEventReport>, Task<bool>> send, TimeSpan retry, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(retry, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var batch = statuses.Values.ToList();
            var eventBatch = new List<PodEventReport>();
            while (eventBatch.Count < MaxEventsPerBatch && events.TryPeek(out var next))
            {
                eventBatch.Add(next);
                events.TryDequeue(out _);
            }

            if (batch.Count == 0 && eventBatch.Count == 0)
            {
                continue;
            }

            if (await send(batch, eventBatch))
            {
                foreach (var report in batch)
                {
                    sent[report.Pod.Uid] = Digest(report.Status);
                    // Only if no newer status arrived while this batch was on its way.
                    statuses.TryRemove(new KeyValuePair<string, PodStatusReport>(report.Pod.Uid, report));
                }
            }
            else
            {
                foreach (var report in eventBatch)
                {
                    events.Enqueue(report); // a later batch takes them (order across a reconnect is not kept)
                }
            }
        }
    }

    /// <summary>The status without its conditions' transition times, which the agent restamps at every sync.</summary>
    private static string Digest(JsonObject status)
    {
        var copy = (JsonObject)status.DeepClone();
        foreach (var condition in (copy["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            condition.Remove("lastTransitionTime");
        }

        return copy.ToJsonString();
    }
}
