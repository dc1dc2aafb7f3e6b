using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Berth.Api.Dashboard;

/// <summary>
/// Finds the line of a field in a manifest, by the path Kubernetes names it with in a 422's causes
/// (<c>spec.template.spec.containers[0].image</c>, <c>metadata.labels[app]</c>): the deepest part of
/// the path the document has, so a missing field points at its parent.
/// </summary>
internal static partial class ManifestLines
{
    public static int LineOf(YamlNode root, string? fieldPath)
    {
        var node = root;
        foreach (var step in Steps(fieldPath ?? ""))
        {
            YamlNode? next = node switch
            {
                YamlMappingNode mapping => mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode key && key.Value == step).Value,
                YamlSequenceNode sequence when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sequence.Children.Count
                    => sequence.Children[index],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            // The key's line for a mapping entry reads better than its value's (a block value starts below).
            node = next;
        }

        return (int)node.Start.Line;
    }

    /// <summary><c>a.b[0].c[key.with.dots]</c> → a, b, 0, c, key.with.dots.</summary>
    private static IEnumerable<string> Steps(string path) =>
        PathStep().Matches(path).Select(m => m.Groups["index"].Success ? m.Groups["index"].Value : m.Groups["name"].Value);

    [GeneratedRegex(@"\[(?<index>[^\]]*)\]|(?<name>[^.\[\]]+)")]
    private static partial Regex PathStep();
}
