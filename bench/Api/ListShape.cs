using System.Text.Json;

namespace Berth.Bench.Api;

/// <summary>
/// What a list response is, read without building it: its kind (PodList, or Table when the server
/// printed it), how many items or rows it holds, and its continue token. This is how the harness
/// tells whether a Table request was answered with a Table or with plain JSON.
/// </summary>
internal sealed record ListShape(string Kind, int Count, string? Continue, string? ResourceVersion)
{
    public static ListShape Of(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        string kind = "", @continue = "", resourceVersion = "";
        var count = 0;
        reader.Read(); // the top-level object
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "kind" when reader.TokenType == JsonTokenType.String:
                    kind = reader.GetString()!;
                    break;
                case "items" or "rows" when reader.TokenType == JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        count++;
                        reader.Skip();
                    }

                    break;
                case "metadata" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var field = reader.GetString();
                        reader.Read();
                        if (field == "continue" && reader.TokenType == JsonTokenType.String)
                        {
                            @continue = reader.GetString()!;
                        }
                        else if (field == "resourceVersion" && reader.TokenType == JsonTokenType.String)
                        {
                            resourceVersion = reader.GetString()!;
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new ListShape(kind, count, @continue.Length == 0 ? null : @continue, resourceVersion.Length == 0 ? null : resourceVersion);
    }
}
