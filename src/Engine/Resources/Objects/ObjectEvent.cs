using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>One event of a watch, typed as Kubernetes types them.</summary>
public sealed record ObjectEvent(string Type, JsonObject Object, long Revision)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
}
