using System.Text.Json;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// JSON may spell a UTF-16 surrogate as an escape (<c>"\ud800"</c>) with its pair missing:
/// System.Text.Json parses such a document but throws when the string is first read, deep in
/// admission. This finds it at the door instead, so the client gets a 400 that says where, never
/// a 500. Only bodies holding a surrogate escape at all are walked, which almost none do.
/// </summary>
internal static class SurrogateEscapes
{
    /// <summary>The byte offset of the first string that cannot be decoded, or null when every string can.</summary>
    public static long? FindBroken(ReadOnlySpan<byte> json)
    {
        if (!MayHoldOne(json))
        {
            return null;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return reader.TokenStartIndex;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return null; // not JSON at all: the parser reports that itself
        }

        return null;
    }

    // "\u" then D8-DF: the only escapes that can name half a pair.
    private static bool MayHoldOne(ReadOnlySpan<byte> json)
    {
        for (var at = json.IndexOf("\\u"u8); at >= 0 && at + 3 < json.Length; at = Next(json, at))
        {
            if (json[at + 2] is (byte)'d' or (byte)'D' && json[at + 3] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F')
            {
                return true;
            }
        }

        return false;
    }

    private static int Next(ReadOnlySpan<byte> json, int at)
    {
        var rest = json[(at + 2)..].IndexOf("\\u"u8);
        return rest < 0 ? -1 : at + 2 + rest;
    }
}
