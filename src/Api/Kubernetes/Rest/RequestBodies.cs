using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Api.Kubernetes.Protobuf;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>Reads request bodies as JSON, refusing more than Kubernetes accepts.</summary>
internal static class RequestBodies
{
    /// <summary>The apiserver's limit on a write's body (3 MiB), so what Kubernetes refuses, Berth refuses.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    private const string Protobuf = "application/vnd.kubernetes.protobuf";
    private const string Yaml = "application/yaml";

    /// <summary>
    /// Looks at a JSON body beside its parsed form, before it is used, and answers the node to use
    /// (<see cref="FieldValidation"/> checks fields this way, on the bytes, which still hold
    /// duplicate keys).
    /// </summary>
    public delegate JsonNode? JsonBodyCheck(ReadOnlySpan<byte> body, JsonNode? parsed);

    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct, JsonBodyCheck? check = null)
    {
        var body = await ReadBytesAsync(request, ct);
        var parsed = ParseJson(body);
        return check is null ? parsed : check(body.Span, parsed);
    }

    /// <summary>
    /// A body that may be YAML or JSON (an apply patch): JSON when it starts as a JSON object does,
    /// which is what kubectl sends and reads fastest, else YAML.
    /// </summary>
    public static async Task<JsonNode?> ReadJsonOrYamlAsync(HttpRequest request, CancellationToken ct, JsonBodyCheck? check = null)
    {
        var body = await ReadBytesAsync(request, ct);
        var text = body.Span.TrimStart(" \t\r\n"u8);
        return text.Length > 0 && text[0] == (byte)'{' ? Checked(body, ParseJson(body), check) : FromYaml(body, check);
    }

    private static async Task<JsonNode?> ReadYamlAsync(HttpRequest request, CancellationToken ct, JsonBodyCheck? check) =>
        FromYaml(await ReadBytesAsync(request, ct), check);

    // The checks read JSON bytes (field validation looks for unknown and duplicate fields in them): give them the YAML's JSON.
    private static JsonNode? FromYaml(ReadOnlyMemory<byte> body, JsonBodyCheck? check)
    {
        var parsed = YamlBodies.Parse(body.Span);
        return Checked(parsed is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(parsed.ToJsonString()), parsed, check);
    }

    private static JsonNode? Checked(ReadOnlyMemory<byte> body, JsonNode? parsed, JsonBodyCheck? check) =>
        check is null ? parsed : check(body.Span, parsed);

    /// <summary>The body as JSON, or null when there is none (a DELETE may carry its options in the body or the query).</summary>
    public static async Task<JsonNode?> ReadOptionalJsonAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await ReadBytesAsync(request, ct);
        return body.IsEmpty ? null : ParseJson(body);
    }

    private static JsonNode? ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            var parsed = JsonNode.Parse(body.Span);
            if (SurrogateEscapes.FindBroken(body.Span) is { } at)
            {
                throw ResourceException.BadRequest($"the request body is not valid JSON: the string at byte {at} escapes half of a UTF-16 surrogate pair");
            }

            return parsed;
        }
        catch (JsonException e)
        {
            throw ResourceException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        // Sized by Content-Length when there is one, read through a pooled chunk: a fresh 80 kB chunk
        // per request was most of what a 1.4 kB create allocated here.
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    throw TooLarge();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// Reads an object sent as <c>application/json</c>, or as protobuf for the few kinds kubectl's
    /// typed commands send that way (<see cref="ProtobufObjects"/>). Anything else is a 415.
    /// </summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct, JsonBodyCheck? check = null)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim() ?? "";
        if (mediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase))
        {
            var body = await ReadBytesAsync(request, ct);
            try
            {
                return ProtobufObjects.TryDecode(body.Span) ?? throw UnsupportedMediaType(mediaType, "application/json");
            }
            catch (FormatException e)
            {
                throw ResourceException.BadRequest($"the request body is not valid protobuf: {e.Message}");
            }
        }

        if (mediaType.Equals(Yaml, StringComparison.OrdinalIgnoreCase))
        {
            return await ReadYamlAsync(request, ct, check) as JsonObject ?? throw ResourceException.BadRequest("the request body must be an object");
        }

        if (mediaType.Length > 0 && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw UnsupportedMediaType(mediaType, $"application/json, {Yaml}, {Protobuf}");
        }

        return await ReadJsonAsync(request, ct, check) as JsonObject ?? throw ResourceException.BadRequest("the request body must be a JSON object");
    }

    /// <summary>The apiserver's answer to a body in a format it does not accept.</summary>
    public static ResourceException UnsupportedMediaType(string mediaType, string accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format ({mediaType}) - accepted media types include: {accepted}");

    private static ResourceException TooLarge() =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBytes}");
}
