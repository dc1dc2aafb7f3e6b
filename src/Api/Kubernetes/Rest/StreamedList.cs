using System.Buffers;
using System.Text.Json;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// A list answered as it is (<c>PodList</c>, …), written as it goes: the list's head, then each
/// stored item's bytes with its resourceVersion spliced in (<see cref="ResourceVersionSplice"/>),
/// straight into the response, flushed every <see cref="FlushEvery"/> bytes. Byte for byte what
/// the list built as JSON objects writes, without ever holding that tree or the whole text: a list
/// of 10,000 pods is tens of megabytes.
/// </summary>
internal sealed class StreamedList(ResourceType type, StoredObjectList list) : IResult
{
    private const int FlushEvery = 64 * 1024;

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = KubeResults.JsonContentType;
        var body = response.BodyWriter;
        await using (var head = new Utf8JsonWriter(body))
        {
            head.WriteStartObject();
            head.WriteString("kind", type.Kind + "List");
            head.WriteString("apiVersion", type.ApiVersion);
            head.WritePropertyName("metadata");
            list.Metadata().WriteTo(head);
            head.WritePropertyName("items");
            head.WriteStartArray();
            // The items and the closing brackets go straight into the body, past this writer.
        }

        long unflushed = 0;
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            ResourceVersionSplice.Write(list.Items[i], body);
            unflushed += list.Items[i].Value.Length;
            if (unflushed >= FlushEvery)
            {
                unflushed = 0;
                if ((await body.FlushAsync(context.RequestAborted)).IsCompleted)
                {
                    return; // the client is gone
                }
            }
        }

        body.Write("]}"u8);
        await body.FlushAsync(context.RequestAborted);
    }
}
