using Berth.Engine.Resources.Schemas;

namespace Berth.Engine.Resources.Apply;

/// <summary>How apply treats the value of one field: its fields owned one by one, its list elements by key or by value, or the whole value at once.</summary>
public enum ShapeKind
{
    /// <summary>An object whose fields are owned one by one: a described struct, a map, or an object the schemas do not describe.</summary>
    Fields,

    /// <summary>A list of objects identified by key fields (<c>listType=map</c>: containers by name).</summary>
    KeyedList,

    /// <summary>A list of distinct scalars (<c>listType=set</c>: finalizers).</summary>
    Set,

    /// <summary>Owned and replaced whole: scalars, atomic lists, free-form objects, IntOrString and Quantity.</summary>
    Atomic,
}

/// <summary>
/// The schema of a value as apply walks it, read from the built-in <see cref="SchemaCatalog"/>:
/// what a field holds and, for structs, maps and keyed lists, the shape of what is inside. A value
/// the schemas do not describe is taken the way structured-merge-diff deduces one: objects field
/// by field, lists whole.
/// </summary>
public sealed record ApplyShape(ShapeKind Kind, SchemaType? Struct = null, FieldType? MapValues = null, IReadOnlyList<string>? Keys = null, FieldType? Items = null)
{
    private static readonly SchemaCatalog Catalog = SchemaCatalog.BuiltIn;

    /// <summary>An object the schemas do not describe: each field owned on its own.</summary>
    public static readonly ApplyShape Undescribed = new(ShapeKind.Fields);

    public static ApplyShape Root(ResourceType type) => Catalog.RootOf(type) is { } root ? new(ShapeKind.Fields, root) : Undescribed;

    /// <summary>The shape of the member <paramref name="name"/> of an object of this shape.</summary>
    public ApplyShape Member(string name)
    {
        if (MapValues is not null)
        {
            return Of(MapValues, null);
        }

        if (Struct is null)
        {
            return Undescribed;
        }

        return Struct.Field(name) is { } field ? Of(field.Type, field) : Struct.Open ? Undescribed : new(ShapeKind.Atomic);
    }

    /// <summary>The shape of the elements of a keyed list.</summary>
    public ApplyShape Element => Items is null ? Undescribed : Of(Items, null);

    private static ApplyShape Of(FieldType type, SchemaField? field)
    {
        switch (type)
        {
            case ListType list:
                var keys = field?.ListMapKeys is { Count: > 0 } mapKeys ? mapKeys : field?.MergeKey is { } mergeKey ? [mergeKey] : null;
                if (field?.ListType == "map" || (field?.ListType is null && keys is not null && field?.MergesLists == true))
                {
                    return keys is null ? new(ShapeKind.Atomic) : new(ShapeKind.KeyedList, Keys: keys, Items: list.Items);
                }

                return field?.ListType == "set" || (field?.ListType is null && field?.MergesLists == true) ? new(ShapeKind.Set) : new(ShapeKind.Atomic);
            case MapType map:
                return new(ShapeKind.Fields, MapValues: map.Values);
            case NamedType:
                var named = Catalog.ElementType(type);
                return named is null || named.Scalar is not null ? new(ShapeKind.Atomic) : new(ShapeKind.Fields, named);
            case ScalarType { Kind: Scalar.Object }:
                return Undescribed; // free-form objects (annotations-like payloads): field by field, as structured-merge-diff deduces them
            default:
                return new(ShapeKind.Atomic);
        }
    }
}
