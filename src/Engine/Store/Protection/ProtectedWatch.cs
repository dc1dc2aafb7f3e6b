using System.Threading.Channels;

namespace Berth.Engine.Store.Protection;

/// <summary>
/// A watch whose events come out unprotected, each as it is read: no pump, no second channel, and
/// the inner channel's ends (clean, or with its <see cref="StoreException"/>) reach the reader as they are.
/// </summary>
internal sealed class ProtectedWatch(IWatch inner, Func<WatchEvent, WatchEvent> unprotect) : IWatch
{
    public ChannelReader<WatchEvent> Events { get; } = new Reader(inner.Events, unprotect);

    public long StartRevision => inner.StartRevision;

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class Reader(ChannelReader<WatchEvent> inner, Func<WatchEvent, WatchEvent> unprotect) : ChannelReader<WatchEvent>
    {
        public override Task Completion => inner.Completion;

        public override bool CanCount => inner.CanCount;

        public override int Count => inner.Count;

        public override bool TryRead(out WatchEvent item)
        {
            if (inner.TryRead(out var stored))
            {
                item = unprotect(stored);
                return true;
            }

            item = null!;
            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);

        public override async ValueTask<WatchEvent> ReadAsync(CancellationToken cancellationToken = default) =>
            unprotect(await inner.ReadAsync(cancellationToken));
    }
}
