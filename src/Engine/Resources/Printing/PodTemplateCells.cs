using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing;

/// <summary>The cells workloads add with <c>-o wide</c>: the template's containers and images, comma-separated, and the selector.</summary>
internal static class PodTemplateCells
{
    public static (string Names, string Images) Of(JsonNode? podSpec)
    {
        var containers = Fields.Objects(podSpec, "containers");
        return (string.Join(",", containers.Select(c => Fields.Text(c, "name"))),
                string.Join(",", containers.Select(c => Fields.Text(c, "image"))));
    }

    /// <summary>CONTAINERS, IMAGES and SELECTOR, in the order of <see cref="StandardColumns.Workload"/>.</summary>
    public static TableCell[] Wide(JsonNode? podSpec, string selector)
    {
        var (names, images) = Of(podSpec);
        return [names, images, selector];
    }
}
