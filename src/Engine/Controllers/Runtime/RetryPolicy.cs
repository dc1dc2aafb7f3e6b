using Berth.Engine.Store;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// How long a key that keeps failing waits before its next reconcile: <see cref="First"/> after one
/// failure, doubling with each failure in a row, never more than <see cref="Max"/>. A first retry
/// soon (most failures are a lost compare-and-swap race) and a ceiling that keeps a broken key
/// from costing more than one attempt per <see cref="Max"/>.
/// </summary>
public sealed record RetryPolicy(TimeSpan First, TimeSpan Max)
{
    public static RetryPolicy Default { get; } = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(60));

    public TimeSpan After(int failures) => Backoff.After(failures, First, Max);
}
