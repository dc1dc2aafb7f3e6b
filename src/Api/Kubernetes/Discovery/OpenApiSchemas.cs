using System.Text.Json.Nodes;
using Berth.Engine.Resources.Schemas;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary>
/// The catalog's types as OpenAPI schemas, in the form the Kubernetes API server publishes them:
/// what <c>kubectl explain</c> prints, and what kubectl computes strategic merge patches from
/// (<c>x-kubernetes-patch-merge-key</c>, <c>x-kubernetes-patch-strategy</c>). OpenAPI v3 writes a
/// described reference as <c>allOf: [{$ref}]</c> (a <c>$ref</c> has no siblings there); Swagger 2.0
/// puts the description beside the <c>$ref</c>.
/// </summary>
internal sealed class OpenApiSchemas(SchemaCatalog catalog, bool swagger2)
{
    public string ReferencePrefix => swagger2 ? "#/definitions/" : "#/components/schemas/";

    /// <summary>Every type <paramref name="roots"/> reach, by name: a document's <c>components.schemas</c> or <c>definitions</c>.</summary>
    public JsonObject Components(IEnumerable<SchemaType> roots)
    {
        var schemas = new JsonObject();
        foreach (var type in catalog.Closure(roots).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            schemas[type.Name] = Schema(type);
        }

        return schemas;
    }

    public JsonObject Reference(SchemaType type) => new() { ["$ref"] = ReferencePrefix + type.Name };

    private JsonObject Schema(SchemaType type)
    {
        var schema = new JsonObject { ["description"] = type.Description };
        switch (type.Scalar)
        {
            // Without a "type", explain (v3) names them IntOrString and Quantity; Swagger 2.0 has no
            // way to say "one of", so there they are strings, as Kubernetes' v2 document has them.
            case NamedScalar.IntOrString:
                schema["format"] = "int-or-string";
                if (swagger2)
                {
                    schema["type"] = "string";
                }
                else
                {
                    schema["x-kubernetes-int-or-string"] = true;
                }

                return schema;
            case NamedScalar.Quantity:
                if (swagger2)
                {
                    schema["type"] = "string";
                }
                else
                {
                    schema["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" });
                }

                return schema;
            case NamedScalar.Time or NamedScalar.MicroTime:
                schema["type"] = "string";
                schema["format"] = "date-time";
                return schema;
        }

        schema["type"] = "object";
        var properties = new JsonObject();
        foreach (var field in type.Fields)
        {
            properties[field.Name] = Property(field);
        }

        schema["properties"] = properties;
        if (type.Fields.Where(f => f.Required).Select(f => (JsonNode)f.Name).ToArray() is { Length: > 0 } required)
        {
            schema["required"] = new JsonArray(required);
        }

        if (type.Open)
        {
            schema["x-kubernetes-preserve-unknown-fields"] = true;
        }

        if (type.Kind is { } kind)
        {
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
            {
                ["group"] = kind.Group,
                ["kind"] = kind.Kind,
                ["version"] = kind.Version,
            });
        }

        return schema;
    }

    private JsonObject Property(SchemaField field)
    {
        var property = field.Type is NamedType named && !swagger2
            ? new JsonObject { ["allOf"] = new JsonArray(Reference(catalog.Find(named.Name)!)) }
            : TypeOf(field.Type);
        property["description"] = field.Description;
        if (field.Enum.Count > 0)
        {
            property["enum"] = new JsonArray(field.Enum.Select(v => (JsonNode)v).ToArray());
        }

        if (field.MergeKey is not null)
        {
            property["x-kubernetes-patch-merge-key"] = field.MergeKey;
        }

        if (field.PatchStrategy is not null)
        {
            property["x-kubernetes-patch-strategy"] = field.PatchStrategy;
        }

        if (field.ListType is not null)
        {
            property["x-kubernetes-list-type"] = field.ListType;
        }

        if (field.ListMapKeys.Count > 0)
        {
            property["x-kubernetes-list-map-keys"] = new JsonArray(field.ListMapKeys.Select(k => (JsonNode)k).ToArray());
        }

        return property;
    }

    private JsonObject TypeOf(FieldType type) => type switch
    {
        ScalarType scalar => scalar.Kind switch
        {
            Scalar.String => new JsonObject { ["type"] = "string" },
            Scalar.Int32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            Scalar.Int64 => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
            Scalar.Boolean => new JsonObject { ["type"] = "boolean" },
            Scalar.Number => new JsonObject { ["type"] = "number", ["format"] = "double" },
            Scalar.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            Scalar.Object => new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            _ => new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true },
        },
        ListType list => new JsonObject { ["type"] = "array", ["items"] = TypeOf(list.Items) },
        MapType map => new JsonObject { ["type"] = "object", ["additionalProperties"] = TypeOf(map.Values) },
        NamedType named => Reference(catalog.Find(named.Name)!),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
