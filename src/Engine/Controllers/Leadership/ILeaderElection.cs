namespace Berth.Engine.Controllers.Leadership;

/// <summary>
/// Decides which replica runs the controllers: at most one at a time holds leadership. Every
/// replica keeps trying; the one that gets it leads until it stops or loses it.
/// </summary>
public interface ILeaderElection : IAsyncDisposable
{
    /// <summary>Tries once to become the leader; null when another replica is.</summary>
    Task<ILeadership?> TryAcquireAsync(CancellationToken ct);
}

/// <summary>Leadership held; disposing it gives it up, so another replica can take it.</summary>
public interface ILeadership : IAsyncDisposable
{
    /// <summary>Cancelled when leadership is lost without being given up (e.g. the lock's connection broke): stop at once.</summary>
    CancellationToken Lost { get; }

    /// <summary>Why leadership was lost, once <see cref="Lost"/> is cancelled.</summary>
    string? LostReason { get; }
}
