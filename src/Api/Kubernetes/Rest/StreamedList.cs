using System.Buffers;
using System.Text.Json;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Printing;
using Berth.Engine.Store;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// A list answer written as it goes from the stored items: its head, then each item, then its end,
/// straight into the response, flushed every <see cref="FlushEvery"/> bytes. Byte for byte what the
/// list built as JSON objects writes, without ever holding that tree or the whole text: a list of
/// 10,000 pods is tens of megabytes.
/// </summary>
internal sealed class StreamedList(
    string contentType,
    StoredObjectList list,
    Action<Utf8JsonWriter> start,
    Action<Utf8JsonWriter, KeyValue> item,
    Action<Utf8JsonWriter> end) : IResult
{
    private const int FlushEvery = 64 * 1024;

    /// <summary>The list as it is (<c>PodList</c>, …): each stored item with its resourceVersion spliced in (<see cref="ResourceVersionSplice"/>).</summary>
    public static StreamedList Plain(ResourceType type, StoredObjectList list)
    {
        var scratch = new ArrayBufferWriter<byte>(16 * 1024);
        return new StreamedList(
            KubeResults.JsonContentType,
            list,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("kind", type.Kind + "List");
                writer.WriteString("apiVersion", type.ApiVersion);
                writer.WritePropertyName("metadata");
                list.Metadata().WriteTo(writer);
                writer.WritePropertyName("items");
                writer.WriteStartArray();
            },
            (writer, value) =>
            {
                scratch.ResetWrittenCount();
                ResourceVersionSplice.Write(value, scratch);
                writer.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);
            },
            writer =>
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
    }

    /// <summary>The list's <c>Table</c> (<see cref="StoredTableWriter"/>).</summary>
    public static StreamedList Table(ObjectPrinter printer, StoredObjectList list, TableOptions options, DateTimeOffset now, string contentType)
    {
        var table = new StoredTableWriter(printer, options, now);
        return new StreamedList(contentType, list, writer => table.WriteStart(writer, list.Metadata()), table.WriteRow, StoredTableWriter.WriteEnd);
    }

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        var body = response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body);
        start(writer);
        long flushed = 0;
        foreach (var value in list.Items)
        {
            item(writer, value);
            if (writer.BytesCommitted + writer.BytesPending - flushed >= FlushEvery)
            {
                writer.Flush();
                flushed = writer.BytesCommitted;
                if ((await body.FlushAsync(context.RequestAborted)).IsCompleted)
                {
                    return; // the client is gone
                }
            }
        }

        end(writer);
        writer.Flush();
        await body.FlushAsync(context.RequestAborted);
    }
}
