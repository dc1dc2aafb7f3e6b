namespace Berth.Engine.Controllers.Runtime;

/// <summary>What the <see cref="ControllerManager"/> needs of a controller; write controllers by deriving from <see cref="Controller{TKey}"/>.</summary>
public interface IController
{
    string Name { get; }

    /// <summary>Starts looking after <paramref name="workspace"/>: waits for the informers it reads, then adds its handlers.</summary>
    Task AttachAsync(string workspace, CancellationToken ct);

    /// <summary>Forgets a workspace that is gone.</summary>
    void Detach(string workspace);

    /// <summary>Runs the workers until <paramref name="ct"/> is cancelled.</summary>
    Task RunAsync(CancellationToken ct);
}
