using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Store;

/// <summary>Tuning for a store; the defaults suit a server.</summary>
public sealed record RevisionStoreOptions
{
    /// <summary>How many recent events each workspace's watch cache keeps, so watchers that start a little behind need no database read.</summary>
    public int WatchCacheEvents { get; init; } = 10_000;

    /// <summary>How many undelivered events a watcher may have queued before it is cut off as too slow.</summary>
    public int WatcherQueueLimit { get; init; } = 50_000;

    /// <summary>The most writes one group commit carries.</summary>
    public int MaxWriteBatch { get; init; } = 256;

    /// <summary>
    /// The longest a group commit waits for the writes it expects to come back (as many as its last
    /// batch carried) before it leaves without them; it never waits after a batch of one. See Write/Linger.cs.
    /// </summary>
    public TimeSpan WriteLinger { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>The clock of the write linger (tests replace it).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How often the watch cache reads the log even without a wake-up: a safety net for a lost
    /// notification (PostgreSQL) or a write by another process (SQLite). Wake-ups make delivery immediate.
    /// </summary>
    public TimeSpan SafetyPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the watch cache looks for workspaces nobody watches: a workspace's feed with no
    /// watcher at two looks in a row is closed, so a server that once served many workspaces
    /// does not keep reading all their logs and buffers forever.
    /// </summary>
    public TimeSpan IdleFeedSweep { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether lists of a workspace being listed are answered from its current state in memory,
    /// kept by a watch (Watch/ListCache.cs), once that state has caught up with the database; off,
    /// every list reads the database. Benchmarks of the database itself turn it off.
    /// </summary>
    public bool ListCache { get; init; } = true;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
