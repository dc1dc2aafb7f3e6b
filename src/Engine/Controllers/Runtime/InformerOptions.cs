namespace Berth.Engine.Controllers.Runtime;

/// <summary>Tuning for informers; the defaults suit a server.</summary>
public sealed record InformerOptions
{
    /// <summary>Objects per page of the list an informer starts (and restarts after compaction) with.</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>
    /// How often every cached object is handed to the handlers again as an update, so a controller
    /// that dropped something looks at it again. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
