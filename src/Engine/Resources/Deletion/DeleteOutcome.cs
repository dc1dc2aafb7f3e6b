using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// The answer to a delete: the object, and whether it left the store (<paramref name="Deleted"/>) or
/// stays, marked, until its finalizers or grace period are done.
/// </summary>
public sealed record DeleteOutcome(JsonObject Object, bool Deleted);
