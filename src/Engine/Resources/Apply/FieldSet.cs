using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Apply;

/// <summary>
/// The fields one manager owns: a set of leaf <see cref="FieldPath"/>s, read from and written as
/// Kubernetes' FieldsV1 tree (<c>{"f:spec":{"f:replicas":{}}}</c>).
/// </summary>
public sealed class FieldSet
{
    private readonly HashSet<FieldPath> paths;

    public FieldSet(IEnumerable<FieldPath>? paths = null) => this.paths = [.. paths ?? []];

    public IReadOnlyCollection<FieldPath> Paths => paths;

    public bool IsEmpty => paths.Count == 0;

    public bool Contains(FieldPath path) => paths.Contains(path);

    /// <summary>Whether any owned path is <paramref name="prefix"/> or lies under it.</summary>
    public bool Touches(FieldPath prefix) => paths.Any(p => p.StartsWith(prefix));

    public void Add(FieldPath path) => paths.Add(path);

    public bool Remove(FieldPath path) => paths.Remove(path);

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
        foreach (var path in paths.OrderBy(p => p.ToString(), StringComparer.Ordinal))
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
            if (child is JsonObject { Count: > 0 } inner && element != FieldPath.Self)
            {
                Read(inner, prefix, set);
            }
            else
            {
                set.Add(new FieldPath(prefix));
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
