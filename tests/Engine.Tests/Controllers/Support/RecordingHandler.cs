using Berth.Engine.Controllers.Runtime;

namespace Berth.Engine.Tests.Controllers.Support;

/// <summary>Keeps what an informer told it, as lines such as <c>added configmaps/default/a</c>, in order.</summary>
internal sealed class RecordingHandler : IObjectHandler
{
    private readonly Lock gate = new();
    private readonly List<string> events = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (gate)
            {
                return events.ToList();
            }
        }
    }

    public void OnAdded(CachedObject obj) => Record($"added {obj.Key}");

    public void OnUpdated(CachedObject old, CachedObject now) =>
        Record(ReferenceEquals(old, now) ? $"resynced {now.Key}" : $"updated {now.Key}");

    public void OnDeleted(CachedObject last) => Record($"deleted {last.Key}");

    private void Record(string line)
    {
        lock (gate)
        {
            events.Add(line);
        }
    }
}
