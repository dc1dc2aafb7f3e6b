using System.Threading.Channels;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store.Support;

/// <summary>Reading a watch in tests: every read has a deadline, and a missed one fails with what did arrive.</summary>
internal static class WatchReading
{
    /// <summary>Reads exactly <paramref name="count"/> events, waiting at most <see cref="Patience.Events"/>.</summary>
    public static async Task<List<WatchEvent>> TakeAsync(this IWatch watch, int count)
    {
        using var deadline = new CancellationTokenSource(Patience.Events);
        return await watch.TakeAsync(count, "the watch", deadline.Token);
    }

    /// <summary>Reads exactly <paramref name="count"/> events, giving up when <paramref name="deadline"/> fires.</summary>
    public static Task<List<WatchEvent>> TakeAsync(this IWatch watch, int count, string who, CancellationToken deadline) =>
        ReadAsync(watch, events => events.Count >= count, $"{count} events", who, deadline);

    /// <summary>
    /// Reads up to and including the event at <paramref name="revision"/>. Writing a marker and
    /// reading through it shows what a watch delivered before it, without waiting for silence.
    /// </summary>
    public static async Task<List<WatchEvent>> TakeThroughAsync(this IWatch watch, long revision)
    {
        using var deadline = new CancellationTokenSource(Patience.Events);
        return await ReadAsync(watch, events => events.Count > 0 && events[^1].Revision >= revision,
            $"the events through revision {revision}", "the watch", deadline.Token);
    }

    /// <summary>Reads until the stream ends and returns what ended it (null when it ended cleanly).</summary>
    public static async Task<Exception?> EndAsync(this IWatch watch)
    {
        using var deadline = new CancellationTokenSource(Patience.Events);
        try
        {
            await foreach (var _ in watch.Events.ReadAllAsync(deadline.Token))
            {
            }

            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"the watch was still open after {Patience.Events.TotalSeconds}s");
            throw;
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            return e.InnerException;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static async Task<List<WatchEvent>> ReadAsync(IWatch watch, Func<List<WatchEvent>, bool> done, string what, string who, CancellationToken deadline)
    {
        var events = new List<WatchEvent>();
        try
        {
            while (!done(events))
            {
                events.Add(await watch.Events.ReadAsync(deadline));
            }

            return events;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"{who} gave up waiting for {what}: got {events.Count}{Last(events)}");
            throw;
        }
        catch (ChannelClosedException e)
        {
            Assert.Fail($"{who} ended after {events.Count} events{Last(events)} while waiting for {what}: {e.InnerException?.Message ?? e.Message}");
            throw;
        }
    }

    private static string Last(List<WatchEvent> events) =>
        events.Count == 0 ? "" : $" (the last at revision {events[^1].Revision}, {events[^1].Type} {events[^1].Object.Key})";
}
