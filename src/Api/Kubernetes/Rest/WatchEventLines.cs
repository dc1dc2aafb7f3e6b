using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// How a watch writes each event as its line, <c>{"type":…,"object":…}</c> and a newline. An event
/// whose object goes out as it is stored is encoded once for every watcher: the store hands the same
/// value to all the watchers of a change, and the first one to write it keeps the object's bytes
/// (the stored bytes with the resourceVersion spliced in, <see cref="ResourceVersionSplice"/>) for
/// the others, as the Kubernetes apiserver's watch cache shares its serializations. Other events
/// (a Table row, metadata, a bookmark) are written from the object <see cref="encode"/> makes.
/// </summary>
/// <param name="encode">What an event carries as its object (the object itself, its metadata, or a Table row of it: <see cref="ResponseFormat"/>).</param>
/// <param name="shareStored">Whether events read from the store go out as stored: the object as it is, of a kind whose stored bytes are its JSON.</param>
internal sealed class WatchEventLines(Func<ObjectEvent, JsonObject> encode, bool shareStored)
{
    // Keyed by the store's value instance (not by its content), and gone with it once every watcher has moved on.
    private static readonly ConditionalWeakTable<KeyValue, byte[]> Encoded = new();

    public void Write(ObjectEvent change, IBufferWriter<byte> output)
    {
        if (!shareStored || change.Stored is not { } stored)
        {
            WriteLine(change.Type, encode(change), output);
            return;
        }

        var obj = Encoded.GetValue(stored, Encode);
        output.Write("{\"type\":\""u8);
        output.Write(TypeName(change.Type));
        output.Write("\",\"object\":"u8);
        output.Write(obj);
        output.Write("}\n"u8);
    }

    /// <summary>One event's line, from its object.</summary>
    public static void WriteLine(string type, JsonObject obj, IBufferWriter<byte> output)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    private static byte[] Encode(KeyValue stored)
    {
        var bytes = new ArrayBufferWriter<byte>(stored.Value.Length + 48);
        ResourceVersionSplice.Write(stored, bytes);
        return bytes.WrittenSpan.ToArray();
    }

    private static ReadOnlySpan<byte> TypeName(string type) => type switch
    {
        ObjectEvent.Added => "ADDED"u8,
        ObjectEvent.Modified => "MODIFIED"u8,
        ObjectEvent.Deleted => "DELETED"u8,
        _ => throw new ArgumentException($"not an event of a stored object: {type}", nameof(type)),
    };
}
