using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// The HTTP side of a delete: its <c>DeleteOptions</c>, from the body (as kubectl sends them) or
/// else from the query, and the answer Kubernetes gives: a success <c>Status</c> once the object is
/// gone, or the object itself while it stays (and always for the kinds whose registry returns it).
/// </summary>
internal static class DeleteRequests
{
    // Kubernetes' registries for these kinds answer a delete with the deleted object, not a Status.
    private static readonly HashSet<string> ReturnDeletedObject = ["pods", "services", "namespaces", "serviceaccounts"];

    public static async Task<DeleteOptions> ReadOptionsAsync(HttpRequest request, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim() ?? "";
        if (mediaType.Length > 0 && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw RequestBodies.UnsupportedMediaType(mediaType, "application/json");
        }

        return await RequestBodies.ReadOptionalJsonAsync(request, ct) switch
        {
            null => FromQuery(request.Query),
            JsonObject body => DeleteOptions.FromJson(body),
            _ => throw ResourceException.BadRequest("the body of a delete must be a DeleteOptions object"),
        };
    }

    public static IResult Answer(ResourceType type, DeleteOutcome outcome, DeleteOptions options)
    {
        // 202 only where Kubernetes gives it: an object that stays after a delete asked to cascade the deprecated way.
        var code = !outcome.Deleted && options.OrphanDependents == false ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        if (!outcome.Deleted || (type.Group.Length == 0 && ReturnDeletedObject.Contains(type.Plural)))
        {
            return KubeResults.Json(outcome.Object, code);
        }

        var metadata = ObjectJson.Metadata(outcome.Object);
        var details = new JsonObject
        {
            ["name"] = ObjectJson.String(metadata, "name"),
            ["kind"] = type.Plural,
            ["uid"] = metadata["uid"]?.DeepClone(),
        };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        return KubeResults.Json(KubeResults.StatusObject(code, "", "", details), code);
    }

    private static DeleteOptions FromQuery(IQueryCollection query) => DeleteOptions.Parse(
        Integer(query, "gracePeriodSeconds"),
        Text(query, "propagationPolicy"),
        Text(query, "orphanDependents") is { } orphan
            ? bool.TryParse(orphan, out var flag) ? flag : throw ResourceException.BadRequest($"orphanDependents: invalid value \"{orphan}\": must be true or false")
            : null,
        preconditionUid: null,
        preconditionResourceVersion: null,
        query["dryRun"].OfType<string>().ToList());

    private static string? Text(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } text ? text : null;

    private static long? Integer(IQueryCollection query, string name) =>
        Text(query, name) is not { } text ? null
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw ResourceException.BadRequest($"{name}: invalid value \"{text}\": must be an integer");
}
