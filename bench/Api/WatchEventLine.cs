using System.Buffers;
using System.Text.Json;

namespace Berth.Bench.Api;

/// <summary>
/// The three things the harness needs from one watch line, <c>{"type":…,"object":{"metadata":{"name":…,"resourceVersion":…}}}</c>,
/// read with a forward-only reader (200 watchers each read every event: building objects would make
/// the harness, not the server, the bottleneck).
/// </summary>
internal readonly record struct WatchEventLine(string Type, string Name, long ResourceVersion)
{
    public static WatchEventLine Parse(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        string type = "", name = "";
        long revision = 0;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString()!;
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isMetadata = reader.ValueTextEquals("metadata"u8);
                    reader.Read();
                    if (!isMetadata)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            reader.Read();
                            name = reader.GetString()!;
                        }
                        else if (reader.ValueTextEquals("resourceVersion"u8))
                        {
                            reader.Read();
                            revision = long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new WatchEventLine(type, name, revision);
    }
}
