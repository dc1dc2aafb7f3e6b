namespace Berth.Engine.Resources.Printing;

/// <summary>The columns many kinds share, defined once.</summary>
public static class StandardColumns
{
    /// <summary>The object's name, first in almost every table.</summary>
    public static readonly TableColumn Name = new("Name", "string", "The name of the object, unique within its namespace.", Format: "name");

    /// <summary>The time since the object was created, in Kubernetes' short form (5s, 3m2s, 4h, 2d3h).</summary>
    public static readonly TableColumn Age = TableColumn.Text("Age", "The time since the object was created (metadata.creationTimestamp).");

    /// <summary>The three columns workloads add with <c>-o wide</c>.</summary>
    public static readonly TableColumn Containers = TableColumn.Wide("Containers", "Names of each container in the template.");

    public static readonly TableColumn Images = TableColumn.Wide("Images", "Images referenced by each container in the template.");

    public static readonly TableColumn Selector = TableColumn.Wide("Selector", "The label selector of the pods this object manages.");

    /// <summary>CONTAINERS IMAGES SELECTOR, the wide columns of most workloads (cells: <see cref="PodTemplateCells.Wide"/>).</summary>
    public static readonly IReadOnlyList<TableColumn> Workload = [Containers, Images, Selector];
}
