using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store.Support;

/// <summary>One write as its writer saw it commit: what every watcher must later see at that revision.</summary>
public sealed record CommittedWrite(WatchEventType Type, KeyValue Object)
{
    public long Revision => Object.Revision;

    public string Key => Object.Key;

    /// <summary>Asserts <paramref name="seen"/> is this write, naming <paramref name="who"/> and the position when it is not.</summary>
    public void AssertSeenAs(WatchEvent seen, string who, int position)
    {
        if (seen.Type != Type || seen.Object.Key != Key || seen.Revision != Revision ||
            seen.Object.CreateRevision != Object.CreateRevision || !Json.SameAs(Object.Value, seen.Object.Value))
        {
            Assert.Fail($"{who}: event {position} was {Describe(seen.Type, seen.Object)}, but the write committed there was {Describe(Type, Object)}");
        }
    }

    /// <summary>What a list at <paramref name="revision"/> must return under <paramref name="prefix"/>, given every write up to it.</summary>
    public static List<KeyValue> LiveAt(IEnumerable<CommittedWrite> writes, long revision, string prefix) =>
        writes.Where(w => w.Revision <= revision && w.Key.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(w => w.Key)
            .Select(g => g.MaxBy(w => w.Revision)!)
            .Where(w => w.Type != WatchEventType.Deleted)
            .Select(w => w.Object)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();

    private static string Describe(WatchEventType type, KeyValue kv) =>
        $"{type} {kv.Key} at revision {kv.Revision} (created at {kv.CreateRevision}) = {Json.Text(kv.Value)}";
}
