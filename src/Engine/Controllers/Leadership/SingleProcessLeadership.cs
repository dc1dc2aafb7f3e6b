namespace Berth.Engine.Controllers.Leadership;

/// <summary>
/// Leadership for the embedded SQLite datastore: one process owns the database file, so that
/// process is always the leader.
/// </summary>
public sealed class SingleProcessLeadership : ILeaderElection, ILeadership
{
    public CancellationToken Lost => CancellationToken.None;

    public string? LostReason => null;

    public Task<ILeadership?> TryAcquireAsync(CancellationToken ct) => Task.FromResult<ILeadership?>(this);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
