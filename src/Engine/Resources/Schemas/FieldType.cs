namespace Berth.Engine.Resources.Schemas;

/// <summary>
/// The type of a field, as a schema file writes it: a scalar (<c>string</c>, <c>int32</c>, ...), a
/// list (<c>[]Container</c>), a map with string keys (<c>map[string]</c>, <c>map[Quantity]</c>) or
/// a named type (<c>PodSpec</c>, <c>IntOrString</c>).
/// </summary>
public abstract record FieldType
{
    /// <summary>Reads a type expression; named types stay as written until the catalog resolves them.</summary>
    public static FieldType Parse(string text)
    {
        if (text.StartsWith("[]", StringComparison.Ordinal))
        {
            return new ListType(Parse(text[2..]));
        }

        if (text.StartsWith("map[", StringComparison.Ordinal) && text.EndsWith(']'))
        {
            return new MapType(Parse(text[4..^1]));
        }

        return ScalarType.Named(text) ?? (FieldType)new NamedType(text);
    }
}

/// <summary>The JSON values a field may hold when it is not a list, a map or a named type.</summary>
public enum Scalar
{
    String,
    Int32,
    Int64,
    Boolean,
    Number,

    /// <summary>Bytes, written in JSON as a base64 string (a Secret's <c>data</c>).</summary>
    Bytes,

    /// <summary>Any JSON object, whose fields are not described (what Kubernetes leaves free-form).</summary>
    Object,

    /// <summary>Any JSON value (an embedded raw object).</summary>
    Any,
}

public sealed record ScalarType(Scalar Kind) : FieldType
{
    private static readonly Dictionary<string, Scalar> Names = new(StringComparer.Ordinal)
    {
        ["string"] = Scalar.String,
        ["int32"] = Scalar.Int32,
        ["int64"] = Scalar.Int64,
        ["boolean"] = Scalar.Boolean,
        ["number"] = Scalar.Number,
        ["bytes"] = Scalar.Bytes,
        ["object"] = Scalar.Object,
        ["any"] = Scalar.Any,
    };

    public static ScalarType? Named(string text) => Names.TryGetValue(text, out var kind) ? new ScalarType(kind) : null;
}

public sealed record ListType(FieldType Items) : FieldType;

public sealed record MapType(FieldType Values) : FieldType;

/// <summary>A reference to a <see cref="SchemaType"/> by its full name once resolved (<c>io.k8s.api.core.v1.PodSpec</c>).</summary>
public sealed record NamedType(string Name) : FieldType;
