using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Printing;

namespace Berth.Engine.Tests.Resources.Printing;

/// <summary>Prints objects of a built-in kind at a fixed time, and reads rows back as text.</summary>
internal static class Printed
{
    /// <summary>The time every printer test prints at; objects in the tests are created relative to it.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static ObjectPrinter Printer(string group, string plural) =>
        ObjectPrinters.For(ResourceRegistry.BuiltIn.Find(group, "v1", plural) ?? throw new ArgumentException($"no such kind: {plural}"));

    /// <summary>The column headers as kubectl writes them (upper case), without or with the wide ones.</summary>
    public static string Headers(string group, string plural, bool wide = false) =>
        string.Join(" ", Printer(group, plural).Columns.Where(c => wide || c.Priority == 0).Select(c => c.Name.ToUpperInvariant()));

    /// <summary>Every cell of the object's row, as kubectl would write it.</summary>
    public static string[] Row(string group, string plural, string json) =>
        Cells(Printer(group, plural).Print(JsonNode.Parse(json)!.AsObject(), Now));

    public static string[] Cells(PrintedRow row) =>
        row.Cells.Select(c => c is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : c?.ToJsonString() ?? "<null>").ToArray();

    /// <summary>Fills the <c>%NAME%</c> placeholders of a JSON template (JSON's braces make interpolation awkward).</summary>
    public static string Fill(string template, params (string Name, string Value)[] values) =>
        values.Aggregate(template, (text, value) => text.Replace($"%{value.Name}%", value.Value, StringComparison.Ordinal));
}
