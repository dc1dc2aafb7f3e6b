using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Apply;

/// <summary>
/// The fields of an object as apply counts them (<see cref="Of"/>), and reading or removing the
/// value at one of them. Identity and system fields (apiVersion, kind, name, namespace, uid,
/// resourceVersion, timestamps, managedFields) and, where a status subresource serves it, status
/// belong to no manager, as in Kubernetes.
/// </summary>
public static class ObjectFields
{
    private static readonly HashSet<string> SystemMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    };

    public static FieldSet Of(ResourceType type, JsonObject obj)
    {
        var set = new FieldSet();
        var shape = ApplyShape.Root(type);
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind" || (name == "status" && type.HasStatus) || value is null)
            {
                continue;
            }

            var path = new ManagedFieldPath([ManagedFieldPath.Field(name)]);
            if (name == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, inner) in metadata)
                {
                    if (!SystemMetadata.Contains(field) && inner is not null)
                    {
                        Walk(inner, shape.Member("metadata").Member(field), path.Append(ManagedFieldPath.Field(field)), set);
                    }
                }

                continue;
            }

            Walk(value, shape.Member(name), path, set);
        }

        return set;
    }

    private static void Walk(JsonNode value, ApplyShape shape, ManagedFieldPath path, FieldSet set)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Fields when value is JsonObject { Count: > 0 } obj:
                foreach (var (name, inner) in obj)
                {
                    if (inner is not null)
                    {
                        Walk(inner, shape.Member(name), path.Append(ManagedFieldPath.Field(name)), set);
                    }
                }

                return;
            case ShapeKind.KeyedList when value is JsonArray list && list.All(e => e is JsonObject):
                foreach (var element in list.Cast<JsonObject>())
                {
                    var elementPath = path.Append(ManagedFieldPath.Key(element, shape.Keys!));
                    set.Add(elementPath.Append(ManagedFieldPath.Self));
                    Walk(element, shape.Element, elementPath, set);
                }

                return;
            case ShapeKind.Set when value is JsonArray values:
                foreach (var element in values)
                {
                    set.Add(path.Append(ManagedFieldPath.Value(element)));
                }

                return;
            default:
                set.Add(path);
                return;
        }
    }

    /// <summary>The value at <paramref name="path"/> (for a <c>.</c> path, the keyed element); false when the object has none there.</summary>
    public static bool TryGet(JsonNode? root, ManagedFieldPath path, out JsonNode? value)
    {
        value = root;
        foreach (var element in path.Elements)
        {
            if (element == ManagedFieldPath.Self)
            {
                break;
            }

            if (!TryStep(value, element, out value, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes the field or list element at <paramref name="path"/>; nothing when it is not there.</summary>
    public static void Remove(JsonNode root, ManagedFieldPath path)
    {
        var target = path.IsSelf ? path.Parent : path;
        if (target.Elements.Count == 0 || !TryGet(root, target.Parent, out var parent))
        {
            return;
        }

        var last = target.Elements[^1];
        if (parent is JsonObject obj && last.StartsWith("f:", StringComparison.Ordinal))
        {
            obj.Remove(last[2..]);
        }
        else if (parent is JsonArray list && TryStep(list, last, out _, out var index))
        {
            list.RemoveAt(index);
        }
    }

    private static bool TryStep(JsonNode? node, string element, out JsonNode? next, out int index)
    {
        next = null;
        index = -1;
        switch (element[0])
        {
            case 'f' when node is JsonObject obj:
                return obj.TryGetPropertyValue(element[2..], out next);
            case 'k' when node is JsonArray list:
                var key = JsonNode.Parse(element[2..])!.AsObject();
                index = list.ToList().FindIndex(e => e is JsonObject o && key.All(k => JsonNode.DeepEquals(o[k.Key], k.Value)));
                break;
            case 'v' when node is JsonArray values:
                var wanted = JsonNode.Parse(element[2..]);
                index = values.ToList().FindIndex(e => JsonNode.DeepEquals(e, wanted));
                break;
        }

        if (index < 0 || node is not JsonArray array)
        {
            return false;
        }

        next = array[index];
        return true;
    }
}
