using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>A page of objects and the revision the list is consistent at.</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, long Revision, string? Continue)
{
    /// <summary>The list's own <c>metadata</c>: the revision it is consistent at, and where the next page starts.</summary>
    public JsonObject Metadata() => Metadata(Revision, Continue);

    internal static JsonObject Metadata(long revision, string? continueToken)
    {
        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        return metadata;
    }
}
