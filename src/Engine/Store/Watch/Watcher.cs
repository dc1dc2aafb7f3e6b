using System.Threading.Channels;

namespace Berth.Engine.Store.Watch;

/// <summary>
/// One open watch on a workspace feed. Live events are offered under the feed's lock, in
/// revision order; while the watcher is still catching up from the database they are held
/// back and released right after the catch-up, so the reader sees one gapless sequence.
/// </summary>
internal sealed class Watcher : IWatch
{
    private readonly WorkspaceFeed feed;
    private readonly string prefix;
    private readonly int queueLimit;
    private readonly Channel<WatchEvent> channel;
    private readonly CancellationTokenSource closed = new();
    private List<WatchEvent>? heldBack;
    private long lastOffered;

    public Watcher(WorkspaceFeed feed, string prefix, long afterRevision, long startRevision, int queueLimit, bool catchingUp)
    {
        this.feed = feed;
        this.prefix = prefix;
        this.queueLimit = queueLimit;
        lastOffered = afterRevision;
        StartRevision = startRevision;
        heldBack = catchingUp ? [] : null;
        channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(queueLimit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<WatchEvent> Events => channel.Reader;

    public long StartRevision { get; }

    public CancellationToken Closed => closed.Token;

    public string Prefix => prefix;

    /// <summary>Offers a live event (under the feed lock). False when the watcher had to be cut off.</summary>
    public bool Offer(WatchEvent e)
    {
        if (e.Revision <= lastOffered || !e.Object.Key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return true;
        }

        lastOffered = e.Revision;
        if (heldBack is not null)
        {
            heldBack.Add(e);
            return heldBack.Count < queueLimit || Fail(TooSlow());
        }

        return channel.Writer.TryWrite(e) || Fail(TooSlow());
    }

    /// <summary>Writes a catch-up event read from the database, waiting for the reader when the queue is full.</summary>
    public ValueTask WriteCaughtUpAsync(WatchEvent e) => channel.Writer.WriteAsync(e, closed.Token);

    /// <summary>Ends the catch-up (under the feed lock): what arrived live meanwhile follows it, then live events flow directly.</summary>
    public bool FinishCatchUp()
    {
        var held = heldBack ?? [];
        heldBack = null;
        foreach (var e in held)
        {
            if (!channel.Writer.TryWrite(e))
            {
                return Fail(TooSlow());
            }
        }

        return true;
    }

    public bool Fail(Exception error)
    {
        channel.Writer.TryComplete(error);
        closed.Cancel();
        return false;
    }

    public ValueTask DisposeAsync()
    {
        if (!closed.IsCancellationRequested)
        {
            channel.Writer.TryComplete();
            closed.Cancel();
        }

        feed.Remove(this);
        return ValueTask.CompletedTask;
    }

    private StoreException TooSlow() =>
        new(StoreErrorCode.WatcherTooSlow, $"watcher fell more than {queueLimit} events behind and was closed; watch again from the last revision received");
}
