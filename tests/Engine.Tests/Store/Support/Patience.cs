namespace Berth.Engine.Tests.Store.Support;

/// <summary>
/// How long a test waits for a condition before it fails. Generous, because they only bound a
/// failure: a passing test goes on the moment its condition holds.
/// </summary>
internal static class Patience
{
    public static readonly TimeSpan Events = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan Concurrency = TimeSpan.FromSeconds(120);
}
