using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Printing;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// What a read (get, list, watch) answers with, chosen as Kubernetes chooses it from the Accept header:
/// the object or list as it is; a <c>meta.k8s.io</c> <c>Table</c>, which is what <c>kubectl get</c> asks
/// for so that the server decides the columns; or only metadata (<c>PartialObjectMetadata[List]</c>).
/// The first entry of the Accept list the server can serve wins; with none, the answer is 406.
/// </summary>
internal sealed class ResponseFormat
{
    private const string MetaGroup = "meta.k8s.io";

    private readonly Shape shape;
    private readonly string apiVersion;
    private readonly IncludeObject include;
    private readonly TimeProvider time;

    private ResponseFormat(Shape shape, string apiVersion, IncludeObject include, TimeProvider time)
    {
        this.shape = shape;
        this.apiVersion = apiVersion;
        this.include = include;
        this.time = time;
    }

    private enum Shape
    {
        Object,
        Table,
        Metadata,
        MetadataList,
    }

    /// <summary>Reads the request's Accept header (and, for a Table, <c>includeObject</c>); throws 406 or 400 when it cannot be served.</summary>
    public static ResponseFormat Negotiate(HttpRequest request, TimeProvider time)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return new ResponseFormat(Shape.Object, "", IncludeObject.Metadata, time);
        }

        foreach (var range in MediaRange.ParseAccept(accept))
        {
            if (!range.AcceptsJson)
            {
                continue;
            }

            if (range.As is null)
            {
                return new ResponseFormat(Shape.Object, "", IncludeObject.Metadata, time);
            }

            // Kubernetes converts only to the meta.k8s.io kinds, in v1 and v1beta1; any other "as" passes to the next entry.
            if (range.Group != MetaGroup || range.Version is not ("v1" or "v1beta1"))
            {
                continue;
            }

            var apiVersion = $"{MetaGroup}/{range.Version}";
            switch (range.As)
            {
                case ObjectTable.Kind:
                    return new ResponseFormat(Shape.Table, apiVersion, IncludeFrom(request.Query), time);
                case PartialObjectMetadata.Kind:
                    return new ResponseFormat(Shape.Metadata, apiVersion, IncludeObject.Metadata, time);
                case PartialObjectMetadata.ListKind:
                    return new ResponseFormat(Shape.MetadataList, apiVersion, IncludeObject.Metadata, time);
            }
        }

        throw NotAcceptable($"only the following media types are accepted: {KubeResults.JsonContentType}");
    }

    /// <summary>Whether a list in this format is streamed from the stored bytes (<see cref="StoredList"/>): as it is, or as a Table.</summary>
    public bool StreamsLists => shape is Shape.Object or Shape.Table;

    /// <summary>The answer to a get of one object (or of its status or scale).</summary>
    public IResult Object(ResourceTarget target, JsonObject obj) => shape switch
    {
        Shape.Table => Json(ObjectTable.Of(Printer(target), obj, TableOptions, time.GetUtcNow())),
        Shape.Metadata => Json(PartialObjectMetadata.Of(obj, apiVersion)),
        Shape.MetadataList => throw NotAcceptable($"you requested {PartialObjectMetadata.ListKind}, but the requested object is not a list"),
        _ => KubeResults.Json(obj),
    };

    /// <summary>The answer to a list; <paramref name="plain"/> writes the list as it is (<c>PodList</c>, …).</summary>
    public IResult List(ResourceType type, ObjectList list, Func<ResourceType, ObjectList, JsonObject> plain) => shape switch
    {
        Shape.Table => Json(ObjectTable.Of(ObjectPrinters.For(type), list, TableOptions, time.GetUtcNow())),
        Shape.MetadataList => Json(PartialObjectMetadata.List(list, apiVersion)),
        Shape.Metadata => throw NotAcceptable($"you requested {PartialObjectMetadata.Kind}, but the requested object is a list"),
        _ => KubeResults.Json(plain(type, list)),
    };

    /// <summary>The answer to a list read as stored bytes, when <see cref="StreamsLists"/>: the list as it is, or its Table.</summary>
    public IResult StoredList(ResourceType type, StoredObjectList list) => shape switch
    {
        Shape.Table => StreamedList.Table(ObjectPrinters.For(type), list, TableOptions, time.GetUtcNow(), ContentType(ObjectTable.Kind)),
        _ => StreamedList.Plain(type, list),
    };

    /// <summary>
    /// How a watch writes each event: its object as it is (as stored, encoded once for every watcher), its
    /// metadata, or a Table of one row whose column definitions come with the first event only, as
    /// Kubernetes sends them.
    /// </summary>
    public WatchEventLines WatchEvents(ResourceType type)
    {
        switch (shape)
        {
            case Shape.Table:
                var printer = ObjectPrinters.For(type);
                var headers = true;
                return new WatchEventLines(
                    change =>
                    {
                        var table = ObjectTable.OfEvent(printer, change, TableOptions, headers, time.GetUtcNow());
                        headers = false;
                        return table;
                    },
                    shareStored: false);
            case Shape.Metadata or Shape.MetadataList:
                return new WatchEventLines(change => PartialObjectMetadata.Of(change.Object, apiVersion), shareStored: false);
            default:
                return new WatchEventLines(change => change.Object, shareStored: ResourceObjects.ServesStoredBytes(type));
        }
    }

    private TableOptions TableOptions => new(apiVersion, include);

    // The answer names what it is, as Kubernetes' does: application/json;as=Table;v=v1;g=meta.k8s.io.
    private IResult Json(JsonObject body) => KubeResults.Json(body, contentType: ContentType(body["kind"]!.GetValue<string>()));

    private string ContentType(string kind) => $"{KubeResults.JsonContentType};as={kind};v={apiVersion[(MetaGroup.Length + 1)..]};g={MetaGroup}";

    // A scale is its own kind: it gets the generic NAME AGE columns, not those of what it scales.
    private static ObjectPrinter Printer(ResourceTarget target) =>
        target.Subresource == "scale" ? ObjectPrinters.Default : ObjectPrinters.For(target.Type);

    private static IncludeObject IncludeFrom(IQueryCollection query)
    {
        var value = query["includeObject"].ToString();
        return value switch
        {
            "" or nameof(IncludeObject.Metadata) => IncludeObject.Metadata,
            nameof(IncludeObject.None) => IncludeObject.None,
            nameof(IncludeObject.Object) => IncludeObject.Object,
            _ => throw ResourceException.BadRequest(
                $"Unable to convert to Table as requested: includeObject: Invalid value: \"{value}\": must be 'Metadata', 'Object', 'None', or empty"),
        };
    }

    private static ResourceException NotAcceptable(string message) => new(StatusCodes.Status406NotAcceptable, "NotAcceptable", message);
}
