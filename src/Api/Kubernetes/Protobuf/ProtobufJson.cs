using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Api.Kubernetes.Protobuf;

/// <summary>
/// Turns a protobuf message into the JSON object Go's encoding/json writes for the same Kubernetes struct,
/// led by the message's table in <see cref="ProtobufSchemas"/>: fields in the struct's order, zero scalars
/// left out as omitempty leaves them, inline structs merged, Kubernetes' special types as JSON writes them.
/// Fields the table does not know are skipped: a newer client may send more.
/// </summary>
internal static class ProtobufJson
{
    private const int Varint = 0, LengthDelimited = 2;

    public static JsonObject Decode(ReadOnlySpan<byte> bytes, ProtobufMessage message)
    {
        var values = new Dictionary<int, JsonNode?>();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (!message.ByNumber.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }

            switch (field.Shape)
            {
                case FieldShape.List when field.Type == FieldType.Int && wireType == LengthDelimited:
                    // A packed list of numbers: one length-delimited run of varints.
                    var list = List(values, number);
                    var packed = new ProtobufReader(reader.ReadBytes());
                    while (!packed.End)
                    {
                        list.Add((long)packed.ReadVarint());
                    }

                    break;
                case FieldShape.List:
                    List(values, number).Add(Value(ref reader, wireType, field, message, out _));
                    break;
                case FieldShape.Map:
                    var (key, value) = MapEntry(reader.ReadBytes(), field, message);
                    Map(values, number)[key] = value;
                    break;
                default:
                    var single = Value(ref reader, wireType, field, message, out var zero);
                    if (zero && !field.KeepZero)
                    {
                        values.Remove(number);
                    }
                    else
                    {
                        values[number] = single;
                    }

                    break;
            }
        }

        return InFieldOrder(values, message);
    }

    private static JsonArray List(Dictionary<int, JsonNode?> values, int number) =>
        (JsonArray)(values.TryGetValue(number, out var list) ? list! : values[number] = new JsonArray());

    private static JsonObject Map(Dictionary<int, JsonNode?> values, int number) =>
        (JsonObject)(values.TryGetValue(number, out var map) ? map! : values[number] = new JsonObject());

    /// <summary>The JSON value of one field's value on the wire; <paramref name="zero"/> when it is 0, false, "" or empty.</summary>
    private static JsonNode? Value(ref ProtobufReader reader, int wireType, ProtobufField field, ProtobufMessage message, out bool zero)
    {
        var expected = field.Type is FieldType.Bool or FieldType.Int ? Varint : LengthDelimited;
        if (wireType != expected)
        {
            throw new FormatException($"field {field.Number} ({field.Name}) of {message.Name} has wire type {wireType}, not {expected}");
        }

        zero = false;
        switch (field.Type)
        {
            case FieldType.Bool:
                var flag = reader.ReadVarint() != 0;
                zero = !flag;
                return flag;
            case FieldType.Int:
                var number = (long)reader.ReadVarint();
                zero = number == 0;
                return number;
            case FieldType.Text:
                var text = reader.ReadBytes();
                zero = text.IsEmpty;
                return Encoding.UTF8.GetString(text);
            case FieldType.Bytes:
                var bytes = reader.ReadBytes();
                zero = bytes.IsEmpty;
                return Convert.ToBase64String(bytes);
            case FieldType.Time:
                return Time(reader.ReadBytes());
            case FieldType.Quantity:
                return Quantity(reader.ReadBytes());
            case FieldType.IntOrString:
                return IntOrString(reader.ReadBytes());
            default:
                return Decode(reader.ReadBytes(), ProtobufSchemas.Messages[field.Message!]);
        }
    }

    /// <summary>A map entry is a message of its own: the key in field 1, the value in field 2.</summary>
    private static (string Key, JsonNode? Value) MapEntry(ReadOnlySpan<byte> bytes, ProtobufField field, ProtobufMessage message)
    {
        var key = "";
        JsonNode? value = field.Type == FieldType.Quantity ? "0" : "";
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1 when wireType == LengthDelimited:
                    key = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case 2:
                    value = Value(ref reader, wireType, field, message, out _);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return (key, value);
    }

    /// <summary>metav1.Time: seconds since the epoch, written to the second as JSON does; the zero time is an empty message and null.</summary>
    private static JsonNode? Time(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        long seconds = 0;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1 && wireType == Varint)
            {
                seconds = (long)reader.ReadVarint();
            }
            else
            {
                reader.Skip(wireType); // nanos: Kubernetes keeps whole seconds
            }
        }

        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException($"the time {seconds} s from the epoch is out of range");
        }
    }

    /// <summary>resource.Quantity: its string (field 1), already in canonical form.</summary>
    private static JsonNode? Quantity(ReadOnlySpan<byte> bytes)
    {
        var quantity = "";
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1 && wireType == LengthDelimited)
            {
                quantity = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return quantity;
    }

    /// <summary>intstr.IntOrString: type 0 is the number in field 2, type 1 the string in field 3.</summary>
    private static JsonNode? IntOrString(ReadOnlySpan<byte> bytes)
    {
        long type = 0, number = 0;
        var text = "";
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1 when wireType == Varint:
                    type = (long)reader.ReadVarint();
                    break;
                case 2 when wireType == Varint:
                    number = (long)reader.ReadVarint();
                    break;
                case 3 when wireType == LengthDelimited:
                    text = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return type switch
        {
            0 => number,
            1 => text,
            _ => throw new FormatException($"an IntOrString of type {type} is neither a number (0) nor a string (1)"),
        };
    }

    /// <summary>The object with its fields in the Go struct's order (as JSON writes them), inline structs' fields in place.</summary>
    private static JsonObject InFieldOrder(Dictionary<int, JsonNode?> values, ProtobufMessage message)
    {
        var obj = new JsonObject();
        foreach (var field in message.Fields)
        {
            if (!values.Remove(field.Number, out var value))
            {
                continue;
            }

            if (field.Shape == FieldShape.Inline)
            {
                var inline = (JsonObject)value!;
                var properties = inline.ToList();
                inline.Clear();
                foreach (var (name, node) in properties)
                {
                    obj[name] = node;
                }
            }
            else
            {
                obj[field.Name] = value;
            }
        }

        return obj;
    }
}
