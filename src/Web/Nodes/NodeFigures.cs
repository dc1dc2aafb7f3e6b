using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission;

namespace Berth.Web.Nodes;

/// <summary>
/// A node's CPU and memory as people read them: cores with two decimals and GiB, from the
/// quantities of <c>status.allocatable</c> and <c>status.capacity</c> and the agents' reports.
/// </summary>
public static class NodeFigures
{
    private const decimal GiB = 1024m * 1024 * 1024;

    /// <summary>A quantity of the node's status (<paramref name="list"/> is allocatable or capacity), or null when it has none.</summary>
    public static decimal? Of(JsonObject node, string list, string resource) =>
        node["status"]?[list]?[resource] is JsonValue value && value.TryGetValue<string>(out var text) ? Quantity.Parse(text) : null;

    public static decimal Cores(long nanoCores) => nanoCores / 1_000_000_000m;

    public static string CpuText(decimal cores) => cores.ToString(cores < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture);

    public static string MemoryText(decimal bytes) => (bytes / GiB).ToString(bytes < 10 * GiB ? "0.##" : "0.#", CultureInfo.InvariantCulture) + " GiB";

    public static decimal GibiBytes(decimal bytes) => bytes / GiB;
}
