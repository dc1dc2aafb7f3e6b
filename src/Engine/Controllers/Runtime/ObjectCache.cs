namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// The objects of one kind in one workspace, by store key, with indexes (objects by namespace
/// always; others, such as dependents by owner uid, as controllers add them). Safe to read from
/// any thread; only its informer writes. Reads take a short lock and never call out.
/// </summary>
public sealed class ObjectCache
{
    public const string NamespaceIndex = "namespace";

    private readonly Lock gate = new();
    private readonly Dictionary<string, CachedObject> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Index> indexes = new(StringComparer.Ordinal);

    public ObjectCache()
    {
        AddIndex(NamespaceIndex, o => o.Namespace is null ? [] : [o.Namespace]);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return objects.Count;
            }
        }
    }

    public CachedObject? Get(string key)
    {
        lock (gate)
        {
            return objects.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<CachedObject> List()
    {
        lock (gate)
        {
            return objects.Values.ToList();
        }
    }

    /// <summary>The objects whose <paramref name="index"/> function gave <paramref name="value"/>.</summary>
    public IReadOnlyList<CachedObject> ByIndex(string index, string value)
    {
        lock (gate)
        {
            if (!indexes.TryGetValue(index, out var found))
            {
                throw new InvalidOperationException($"no index named {index}");
            }

            return found.Keys.TryGetValue(value, out var keys) ? keys.Select(k => objects[k]).ToList() : [];
        }
    }

    /// <summary>Adds an index (a second add of the same name keeps the first); it covers what is cached already.</summary>
    public void AddIndex(string name, Func<CachedObject, IEnumerable<string>> values)
    {
        lock (gate)
        {
            if (indexes.ContainsKey(name))
            {
                return;
            }

            var index = new Index(values);
            foreach (var obj in objects.Values)
            {
                index.Add(obj);
            }

            indexes[name] = index;
        }
    }

    /// <summary>Stores <paramref name="obj"/> and returns what it replaced.</summary>
    internal CachedObject? Put(CachedObject obj)
    {
        lock (gate)
        {
            if (objects.Remove(obj.Key, out var old))
            {
                RemoveFromIndexes(old);
            }

            objects[obj.Key] = obj;
            foreach (var index in indexes.Values)
            {
                index.Add(obj);
            }

            return old;
        }
    }

    internal CachedObject? Remove(string key)
    {
        lock (gate)
        {
            if (!objects.Remove(key, out var old))
            {
                return null;
            }

            RemoveFromIndexes(old);
            return old;
        }
    }

    private void RemoveFromIndexes(CachedObject obj)
    {
        foreach (var index in indexes.Values)
        {
            index.Remove(obj);
        }
    }

    private sealed class Index(Func<CachedObject, IEnumerable<string>> values)
    {
        public Dictionary<string, HashSet<string>> Keys { get; } = new(StringComparer.Ordinal);

        public void Add(CachedObject obj)
        {
            foreach (var value in values(obj))
            {
                if (!Keys.TryGetValue(value, out var keys))
                {
                    Keys[value] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(obj.Key);
            }
        }

        public void Remove(CachedObject obj)
        {
            foreach (var value in values(obj))
            {
                if (Keys.TryGetValue(value, out var keys) && keys.Remove(obj.Key) && keys.Count == 0)
                {
                    Keys.Remove(value);
                }
            }
        }
    }
}
