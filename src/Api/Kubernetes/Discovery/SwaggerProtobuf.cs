using System.Text.Json.Nodes;
using Berth.Api.Kubernetes.Protobuf;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary>
/// The Swagger 2.0 document as the protobuf message kubectl asks <c>/openapi/v2</c> for (gnostic's
/// <c>openapi.v2.Document</c>, from its <c>OpenAPIv2.proto</c>): client-go reads that endpoint only
/// as protobuf. Only what Berth's documents use is encoded: info, paths with their operations,
/// parameters and responses, and definitions. Vendor extensions and enum values travel as text
/// (JSON, which is YAML too), as gnostic carries them.
/// </summary>
internal static class SwaggerProtobuf
{
    private static readonly Dictionary<string, int> Methods = new(StringComparer.Ordinal)
    {
        ["get"] = 2, ["put"] = 3, ["post"] = 4, ["delete"] = 5, ["patch"] = 8,
    };

    public static byte[] Encode(JsonObject document)
    {
        var paths = new ProtobufWriter();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            paths.Message(2, new ProtobufWriter().String(1, path).Message(2, PathItem(item!.AsObject())));
        }

        var definitions = new ProtobufWriter();
        foreach (var (name, schema) in document["definitions"]!.AsObject())
        {
            definitions.Message(1, new ProtobufWriter().String(1, name).Message(2, Schema(schema!.AsObject())));
        }

        var info = document["info"]!;
        return new ProtobufWriter()
            .String(1, Text(document["swagger"]))
            .Message(2, new ProtobufWriter().String(1, Text(info["title"])).String(2, Text(info["version"])))
            .Message(8, paths)
            .Message(9, definitions)
            .ToArray();
    }

    private static ProtobufWriter PathItem(JsonObject item)
    {
        var writer = new ProtobufWriter();
        foreach (var (method, field) in Methods)
        {
            if (item[method] is JsonObject operation)
            {
                writer.Message(field, Operation(operation));
            }
        }

        Parameters(writer, 9, item["parameters"]);
        return writer;
    }

    private static ProtobufWriter Operation(JsonObject operation)
    {
        var writer = new ProtobufWriter().String(5, Text(operation["operationId"]));
        Strings(writer, 6, operation["produces"]);
        Strings(writer, 7, operation["consumes"]);
        Parameters(writer, 8, operation["parameters"]);
        var responses = new ProtobufWriter();
        foreach (var (code, response) in operation["responses"]!.AsObject())
        {
            var body = new ProtobufWriter().String(1, Text(response!["description"]));
            if (response["schema"] is JsonObject schema)
            {
                body.Message(2, new ProtobufWriter().Message(1, Schema(schema)));
            }

            responses.Message(1, new ProtobufWriter().String(1, code).Message(2, new ProtobufWriter().Message(1, body)));
        }

        writer.Message(9, responses);
        Extensions(writer, 13, operation);
        return writer;
    }

    /// <summary>Parameters, each a <c>ParametersItem</c> holding a body parameter or a query or path parameter.</summary>
    private static void Parameters(ProtobufWriter writer, int field, JsonNode? parameters)
    {
        foreach (var parameter in parameters?.AsArray() ?? [])
        {
            var name = Text(parameter!["name"]);
            var @in = Text(parameter["in"]);
            var required = parameter["required"]?.GetValue<bool>() == true;
            var encoded = @in == "body"
                ? new ProtobufWriter().Message(1, new ProtobufWriter().String(2, name).String(3, @in).Bool(4, required)
                    .Message(5, Schema(parameter["schema"]!.AsObject())))
                : new ProtobufWriter().Message(2, new ProtobufWriter().Message(@in == "path" ? 4 : 3,
                    new ProtobufWriter().Bool(1, required).String(2, @in).String(4, name).String(@in == "path" ? 5 : 6, Text(parameter["type"]))));
            writer.Message(field, new ProtobufWriter().Message(1, encoded));
        }
    }

    private static ProtobufWriter Schema(JsonObject schema)
    {
        var writer = new ProtobufWriter()
            .String(1, Text(schema["$ref"]))
            .String(2, Text(schema["format"]))
            .String(4, Text(schema["description"]));
        Strings(writer, 19, schema["required"]);
        foreach (var value in schema["enum"]?.AsArray() ?? [])
        {
            writer.Message(20, new ProtobufWriter().String(2, value!.ToJsonString()));
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            writer.Message(21, new ProtobufWriter().Message(1, Schema(additional)));
        }

        if (schema["type"] is JsonValue type)
        {
            writer.Message(22, new ProtobufWriter().String(1, type.GetValue<string>()));
        }

        if (schema["items"] is JsonObject items)
        {
            writer.Message(23, new ProtobufWriter().Message(1, Schema(items)));
        }

        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            writer.Message(24, Schema(part!.AsObject()));
        }

        if (schema["properties"] is JsonObject properties)
        {
            var named = new ProtobufWriter();
            foreach (var (name, property) in properties)
            {
                named.Message(1, new ProtobufWriter().String(1, name).Message(2, Schema(property!.AsObject())));
            }

            writer.Message(25, named);
        }

        Extensions(writer, 31, schema);
        return writer;
    }

    /// <summary>The <c>x-</c> members, as <c>NamedAny</c> whose value is its text.</summary>
    private static void Extensions(ProtobufWriter writer, int field, JsonObject owner)
    {
        foreach (var (name, value) in owner.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            writer.Message(field, new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().String(2, value!.ToJsonString())));
        }
    }

    private static void Strings(ProtobufWriter writer, int field, JsonNode? values)
    {
        foreach (var value in values?.AsArray() ?? [])
        {
            writer.String(field, value!.GetValue<string>());
        }
    }

    private static string? Text(JsonNode? node) => node?.GetValue<string>();
}
