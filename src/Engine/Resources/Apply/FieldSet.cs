using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Apply;

/// <summary>
/// The fields one manager owns: a set of leaf <see cref="ManagedFieldPath"/>s, read from and written as
/// Kubernetes' FieldsV1 tree (<c>{"f:spec":{"f:replicas":{}}}</c>).
/// </summary>
public sealed class FieldSet
{
    private readonly HashSet<ManagedFieldPath> paths;

    public FieldSet(IEnumerable<ManagedFieldPath>? paths = null) => this.paths = [.. paths ?? []];

    public IReadOnlyCollection<ManagedFieldPath> Paths => paths;

    public bool IsEmpty => paths.Count == 0;

    public bool Contains(ManagedFieldPath path) => paths.Contains(path);

    /// <summary>Whether any owned path is <paramref name="prefix"/> or lies under it.</summary>
    public bool Touches(ManagedFieldPath prefix) => paths.Any(p => p.StartsWith(prefix));

    public void Add(ManagedFieldPath path) => paths.Add(path);

    public bool Remove(ManagedFieldPath path) => paths.Remove(path);

    public bool SetEquals(FieldSet other) => paths.SetEquals(other.paths);

    public FieldSet Except(FieldSet other) => new(paths.Where(p => !other.Contains(p)));

    public static FieldSet FromFieldsV1(JsonObject? tree)
    {
        var set = new FieldSet();
        if (tree is not null)
        {
            Read(tree, [], set);
        }

        return set;
    }

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths.OrderBy(p => p.ToString(shown), StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in path.Elements)
            {
                if (node[element] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[element] = child;
                }

                node = child;
            }
        }

        return root;
    }

    private static void Read(JsonObject tree, List<string> prefix, FieldSet set)
    {
        foreach (var (element, child) in tree)
        {
            prefix.Add(element);
            if (child is JsonObject { Count: > 0 } inner && element != ManagedFieldPath.Self)
            {
                Read(inner, prefix, set);
            }
            else
            {
                set.Add(new ManagedFieldPath(prefix));
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
