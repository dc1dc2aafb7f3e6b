using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// The cells of one object's row, in the order of its printer's columns (strings, integers and, rarely,
/// booleans), and whether the object is done: Kubernetes marks a pod that succeeded or failed with a
/// <c>Completed</c> row condition.
/// </summary>
public sealed record PrintedRow(IReadOnlyList<JsonNode?> Cells, RowCompletion? Completed = null);

/// <summary>The <c>Completed</c> condition of a table row: why (Succeeded, Failed) and a sentence saying so.</summary>
public sealed record RowCompletion(string Reason, string Message);
