using Berth.Bench.Api;

namespace Berth.Bench.Dashboard;

/// <summary>
/// The background writer: an open loop of label patches through the API at a fixed rate, each to a
/// random pod of the list, not waiting for earlier ones (slow answers cannot lower the offered load).
/// </summary>
internal sealed class ChurnWriter : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> inFlight = [];
    private readonly Task loop;
    private long started;
    private int done;
    private int failures;

    public ChurnWriter(KubeClient client, string @namespace, IReadOnlyList<string> pods, double rate)
    {
        started = Clock.Now;
        loop = Task.Run(async () =>
        {
            var random = new Random(7);
            var interval = Clock.Ticks(TimeSpan.FromSeconds(1 / rate));
            for (long k = 0; !stop.IsCancellationRequested; k++)
            {
                var due = started + k * interval;
                var wait = due - Clock.Now;
                if (wait > 0)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(Clock.Seconds(wait)), stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                var pod = pods[random.Next(pods.Count)];
                var value = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                lock (inFlight)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                    inFlight.Add(Patch(pod, value));
                }
            }
        });

        async Task Patch(string pod, string value)
        {
            try
            {
                await client.LabelPodAsync(@namespace, pod, "bench-churn", value);
                Interlocked.Increment(ref done);
            }
            catch (HttpRequestException e)
            {
                if (Interlocked.Increment(ref failures) == 1)
                {
                    Log.Info($"churn: a patch failed: {e.Message}");
                }
            }
        }
    }

    public int Failures => failures;

    /// <summary>Patches answered per second since the writer started.</summary>
    public double Achieved => done / Clock.Seconds(Clock.Now - started);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        Task[] pending;
        lock (inFlight)
        {
            pending = [.. inFlight];
        }

        await Task.WhenAll(pending);
        stop.Dispose();
    }
}
