using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes;

/// <summary>Responses as the Kubernetes API writes them: JSON bodies, and every error a <c>Status</c> object.</summary>
internal static class KubeResults
{
    public const string JsonContentType = "application/json";

    /// <param name="contentType">The media type; a converted answer names its conversion (<c>application/json;as=Table;v=v1;g=meta.k8s.io</c>).</param>
    public static IResult Json(JsonNode body, int statusCode = StatusCodes.Status200OK, string contentType = JsonContentType) =>
        new JsonBody(body, statusCode, contentType);

    /// <summary>
    /// Writes the JSON straight into the response as UTF-8: a list of 10,000 pods is tens of
    /// megabytes, which a string (UTF-16, then encoded again) would hold twice over.
    /// </summary>
    private sealed class JsonBody(JsonNode body, int statusCode, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = statusCode;
            context.Response.ContentType = contentType;
            await using (var writer = new System.Text.Json.Utf8JsonWriter(context.Response.BodyWriter))
            {
                body.WriteTo(writer);
            }

            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>A stored object as it is, its resourceVersion spliced in (<see cref="ResourceVersionSplice"/>): the same JSON as <see cref="Json"/> of the parsed row, without parsing it.</summary>
    public static IResult Stored(Berth.Engine.Store.KeyValue stored, int statusCode = StatusCodes.Status200OK) => new StoredBody(stored, statusCode);

    private sealed class StoredBody(Berth.Engine.Store.KeyValue stored, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = statusCode;
            context.Response.ContentType = JsonContentType;
            ResourceVersionSplice.Write(stored, context.Response.BodyWriter);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>A failure <c>Status</c> with the code, reason and message kubectl prints.</summary>
    public static IResult Status(int code, string reason, string message, JsonObject? details = null) =>
        Json(StatusObject(code, reason, message, details), code);

    public static IResult Error(ResourceException e) => Json(ErrorStatus(e), e.Code);

    public static JsonObject ErrorStatus(ResourceException e)
    {
        JsonObject? details = null;
        if (e.Name is not null || e.Causes.Count > 0)
        {
            details = new JsonObject();
            if (e.Name is not null)
            {
                details["name"] = e.Name;
            }

            if (!string.IsNullOrEmpty(e.Group))
            {
                details["group"] = e.Group;
            }

            if (e.Kind is not null)
            {
                details["kind"] = e.Kind;
            }

            if (e.Causes.Count > 0)
            {
                details["causes"] = new JsonArray(e.Causes.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = c.Reason,
                    ["message"] = c.Message,
                    ["field"] = c.Field,
                }).ToArray());
            }
        }

        return StatusObject(e.Code, e.Reason, e.Message, details);
    }

    /// <summary>What Kubernetes answers for a path it does not serve; also what a foreign workspace gets.</summary>
    public static IResult PathNotFound() => Status(404, "NotFound", "the server could not find the requested resource");

    public static JsonObject StatusObject(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = code < 400 ? "Success" : "Failure",
        };
        if (code >= 400)
        {
            status["message"] = message;
            status["reason"] = reason;
        }

        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }
}
