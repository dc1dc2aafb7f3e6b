namespace Berth.Engine.Resources.Printing;

/// <summary>
/// One column of a <c>meta.k8s.io</c> Table, as Kubernetes' printers define it. kubectl shows the
/// columns of priority 0, and those of priority 1 too with <c>-o wide</c>; the column whose format is
/// <c>name</c> is the one it prefixes with the kind (<c>pod/web</c>).
/// </summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    public static TableColumn Text(string name, string description) => new(name, "string", description);

    public static TableColumn Integer(string name, string description) => new(name, "integer", description);

    /// <summary>A text column only <c>-o wide</c> shows.</summary>
    public static TableColumn Wide(string name, string description) => new(name, "string", description, Priority: 1);
}
