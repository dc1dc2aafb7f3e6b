using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Schemas;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary>
/// The OpenAPI v3 documents, one per group version (<c>/openapi/v3/apis/apps/v1</c>) with the
/// paths of its kinds and, under <c>components.schemas</c>, every type they use, plus the index
/// (<c>/openapi/v3</c>) that lists them. kubectl reads them for <c>explain</c>, to know that the
/// server validates fields, and to compute <c>apply</c> patches. The index names each document
/// with a hash of its content, so that kubectl's cache of it is never stale. The Swagger 2.0
/// document (<c>/openapi/v2</c>) has every group version in one, in JSON or in the protobuf form
/// kubectl asks for. Documents depend only on the kinds and the schemas, so each is rendered once.
/// </summary>
internal sealed class OpenApiDocuments
{
    private static readonly ConditionalWeakTable<ResourceRegistry, OpenApiDocuments> ByRegistry = [];

    private readonly ResourceRegistry registry;
    private readonly SchemaCatalog catalog;
    private readonly ConcurrentDictionary<GroupVersion, Rendered> rendered = new();
    private readonly Lazy<JsonObject> swagger;
    private readonly Lazy<byte[]> swaggerJson;
    private readonly Lazy<byte[]> swaggerProtobuf;

    private OpenApiDocuments(ResourceRegistry registry, SchemaCatalog catalog)
    {
        this.registry = registry;
        this.catalog = catalog;
        swagger = new(RenderSwagger);
        swaggerJson = new(() => System.Text.Encoding.UTF8.GetBytes(swagger.Value.ToJsonString()));
        swaggerProtobuf = new(() => SwaggerProtobuf.Encode(swagger.Value));
    }

    public static OpenApiDocuments For(ResourceRegistry registry) =>
        ByRegistry.GetValue(registry, r => new OpenApiDocuments(r, SchemaCatalog.BuiltIn));

    /// <summary>The v3 index: one entry per group version, at a URL relative to the workspace's base.</summary>
    public JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var groupVersion in registry.GroupVersions)
        {
            var path = PathOf(groupVersion);
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Render(groupVersion).Hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group version, e.g. <c>apis/apps/v1</c>, as JSON bytes; null for one not served.</summary>
    public byte[]? Document(GroupVersion groupVersion) =>
        registry.GroupVersions.Contains(groupVersion) ? Render(groupVersion).Json : null;

    /// <summary>The Swagger 2.0 document of every kind, as JSON or as gnostic's protobuf message.</summary>
    public byte[] Swagger(bool protobuf) => protobuf ? swaggerProtobuf.Value : swaggerJson.Value;

    public static string PathOf(GroupVersion groupVersion) =>
        groupVersion.Group.Length == 0 ? $"api/{groupVersion.Version}" : $"apis/{groupVersion.Group}/{groupVersion.Version}";

    private Rendered Render(GroupVersion groupVersion) => rendered.GetOrAdd(groupVersion, gv =>
    {
        var types = registry.In(gv).ToList();
        var schemas = new OpenApiSchemas(catalog, swagger2: false);
        var document = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = Info(),
            ["paths"] = OpenApiPaths.For(types, catalog, schemas, swagger2: false),
            ["components"] = new JsonObject { ["schemas"] = schemas.Components(types.Select(catalog.RootOf).OfType<SchemaType>()) },
        };
        var json = System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
        return new Rendered(json, Convert.ToHexStringLower(SHA256.HashData(json))[..32]);
    });

    private JsonObject RenderSwagger()
    {
        var schemas = new OpenApiSchemas(catalog, swagger2: true);
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = Info(),
            ["paths"] = OpenApiPaths.For(registry.Types, catalog, schemas, swagger2: true),
            ["definitions"] = schemas.Components(registry.Types.Select(catalog.RootOf).OfType<SchemaType>()),
        };
    }

    private static JsonObject Info() => new()
    {
        ["title"] = "Berth",
        ["version"] = $"v{DiscoveryDocuments.KubernetesMajor}.{DiscoveryDocuments.KubernetesMinor}.0",
    };

    private sealed record Rendered(byte[] Json, string Hash);
}
