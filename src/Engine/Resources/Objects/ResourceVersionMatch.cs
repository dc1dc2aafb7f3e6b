namespace Berth.Engine.Resources.Objects;

/// <summary>
/// What a list's resourceVersion means (Kubernetes' <c>resourceVersionMatch</c>): the state at
/// exactly that revision, or any state at least that new (Berth answers the newest).
/// </summary>
public enum ResourceVersionMatch
{
    Exact,
    NotOlderThan,
}
