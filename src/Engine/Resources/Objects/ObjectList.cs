using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>A page of objects and the revision the list is consistent at.</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, long Revision, string? Continue);
