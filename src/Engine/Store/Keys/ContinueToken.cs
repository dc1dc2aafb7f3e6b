using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Berth.Engine.Store.Keys;

/// <summary>
/// The opaque continue token of a paged list: the revision the first page was read at and the
/// last key returned. Like Kubernetes' own token it is only base64 JSON, not a secret: a client
/// that forges one can only ask for another consistent page of a workspace it may already read.
/// </summary>
internal sealed record ContinueToken(long Revision, string AfterKey)
{
    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Wire { R = Revision, K = AfterKey }));

    public static ContinueToken Decode(string token, string prefix)
    {
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(token));
            if (wire is { R: > 0, K: { Length: > 0 } key } && StoreKey.HasPrefix(key, prefix))
            {
                return new ContinueToken(wire.R, key);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
        }

        throw new StoreException(StoreErrorCode.InvalidArgument, "continue token is invalid for this list");
    }

    private sealed class Wire
    {
        public long R { get; set; }

        public string? K { get; set; }
    }
}
