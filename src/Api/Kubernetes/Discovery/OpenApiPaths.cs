using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Schemas;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary>
/// The <c>paths</c> of an OpenAPI document: per kind, its collection and its objects, with the
/// operations Berth serves. kubectl reads three things there: the
/// <c>x-kubernetes-group-version-kind</c> of each operation (how <c>explain</c> finds a
/// resource's schema), the <c>fieldValidation</c> parameter (which makes it leave validation to
/// the server) and the strategic merge patch body of PATCH (which makes it compute <c>apply</c>
/// patches from the schemas).
/// </summary>
internal static class OpenApiPaths
{
    private static readonly string[] WriteParameters = ["dryRun", "fieldManager", "fieldValidation"];
    private static readonly string[] PatchTypes = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    public static JsonObject For(IEnumerable<ResourceType> types, SchemaCatalog catalog, OpenApiSchemas schemas, bool swagger2)
    {
        var paths = new JsonObject();
        foreach (var type in types)
        {
            var body = catalog.RootOf(type) is { } root ? schemas.Reference(root) : new JsonObject { ["type"] = "object" };
            var operations = new Operations(type, body, swagger2);
            var collection = $"/{OpenApiDocuments.PathOf(new GroupVersion(type.Group, type.Version))}"
                + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Plural;
            paths[collection] = new JsonObject
            {
                ["get"] = operations.Get("list", $"list{type.Kind}"),
                ["post"] = operations.Write("post", $"create{type.Kind}", ["application/json"]),
                ["parameters"] = operations.PathParameters(type.Namespaced ? ["namespace"] : []),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = operations.Get("get", $"read{type.Kind}"),
                ["put"] = operations.Write("put", $"replace{type.Kind}", ["application/json"]),
                ["patch"] = operations.Write("patch", $"patch{type.Kind}", PatchTypes),
                ["parameters"] = operations.PathParameters(type.Namespaced ? ["name", "namespace"] : ["name"]),
            };
        }

        return paths;
    }

    private sealed class Operations(ResourceType type, JsonObject body, bool swagger2)
    {
        // A list's items are this kind; the list itself has no schema of its own here.
        public JsonObject Get(string action, string operationId) =>
            Operation(action, operationId, new JsonArray(), action == "list" ? new JsonObject { ["type"] = "object" } : body);

        /// <summary>A write: its query parameters, and the body it takes in each of <paramref name="mediaTypes"/>.</summary>
        public JsonObject Write(string action, string operationId, string[] mediaTypes)
        {
            var parameters = new JsonArray(WriteParameters.Select(p => (JsonNode)Parameter(p, "query", required: false)).ToArray());
            var bodySchema = action == "patch" ? new JsonObject { ["type"] = "object" } : body.DeepClone();
            JsonObject operation;
            if (swagger2)
            {
                parameters.Add(new JsonObject { ["name"] = "body", ["in"] = "body", ["required"] = true, ["schema"] = bodySchema });
                operation = Operation(action, operationId, parameters, body);
                operation["consumes"] = new JsonArray(mediaTypes.Select(m => (JsonNode)m).ToArray());
            }
            else
            {
                operation = Operation(action, operationId, parameters, body);
                var content = new JsonObject();
                foreach (var mediaType in mediaTypes)
                {
                    content[mediaType] = new JsonObject { ["schema"] = bodySchema.DeepClone() };
                }

                operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
            }

            return operation;
        }

        public JsonArray PathParameters(string[] names) =>
            new(names.Select(n => (JsonNode)Parameter(n, "path", required: true)).ToArray());

        private JsonObject Operation(string action, string operationId, JsonArray parameters, JsonObject result)
        {
            var operation = new JsonObject
            {
                ["operationId"] = operationId,
                ["parameters"] = parameters,
                ["responses"] = new JsonObject { ["200"] = Response(result) },
                ["x-kubernetes-action"] = action,
                ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version },
            };
            if (swagger2)
            {
                operation["produces"] = new JsonArray("application/json");
            }

            return operation;
        }

        private JsonObject Response(JsonObject result) => swagger2
            ? new JsonObject { ["description"] = "OK", ["schema"] = result.DeepClone() }
            : new JsonObject
            {
                ["description"] = "OK",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = result.DeepClone() } },
            };

        private JsonObject Parameter(string name, string @in, bool required)
        {
            var parameter = new JsonObject { ["name"] = name, ["in"] = @in, ["required"] = required };
            if (swagger2)
            {
                parameter["type"] = "string";
            }
            else
            {
                parameter["schema"] = new JsonObject { ["type"] = "string" };
            }

            return parameter;
        }
    }
}
