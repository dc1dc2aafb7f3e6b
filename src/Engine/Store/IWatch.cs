using System.Threading.Channels;

namespace Berth.Engine.Store;

/// <summary>An open watch. Dispose it to stop; the store then forgets the watcher.</summary>
public interface IWatch : IAsyncDisposable
{
    /// <summary>
    /// The events, in revision order. The reader completes with a <see cref="StoreException"/>
    /// when the watch cannot go on (the caller re-watches from its last revision).
    /// </summary>
    ChannelReader<WatchEvent> Events { get; }

    /// <summary>The workspace revision the watch had caught up to when it opened (useful for bookmarks).</summary>
    long StartRevision { get; }
}
