using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Engine.Resources.Objects;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// Request bodies in YAML (<c>application/yaml</c>, <c>application/apply-patch+yaml</c>), turned into
/// the JSON they stand for as Kubernetes' sigs.k8s.io/yaml does: plain scalars read by the YAML core
/// schema (null, booleans, integers, floats, else strings), quoted scalars as strings, mapping keys as
/// strings, one document only. A body that does not parse is a 400 naming the line and column.
/// Aliases are followed with a bound on the nodes they expand to, so a small body cannot unfold into
/// gigabytes (the "billion laughs" that Kubernetes fixed as CVE-2019-11253).
/// </summary>
internal static partial class YamlBodies
{
    private const int MaxNodes = 1_000_000;

    // As deep as JSON bodies may nest (System.Text.Json's default is 64); a self-referencing alias stops here too.
    private const int MaxDepth = 64;

    public static JsonNode? Parse(ReadOnlySpan<byte> body)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(Encoding.UTF8.GetString(body)));
        }
        catch (YamlException e)
        {
            throw ResourceException.BadRequest($"the request body is not valid YAML: error converting YAML to JSON: yaml: line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        return stream.Documents.Count switch
        {
            0 => null,
            1 => Convert(stream.Documents[0].RootNode, new Budget(), 0),
            _ => throw ResourceException.BadRequest("the request body holds more than one YAML document; send one object per request"),
        };
    }

    /// <summary>
    /// The documents of a manifest (<c>---</c>-separated, empty ones skipped), each as JSON beside its
    /// YAML tree, whose marks say on which line each field is. A syntax error is the parser's
    /// <see cref="YamlException"/>, with its line.
    /// </summary>
    public static IReadOnlyList<(YamlNode Root, JsonNode? Json)> ParseDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var budget = new Budget();
        return stream.Documents
            .Where(d => d.RootNode is not YamlScalarNode { Value: null or "" })
            .Select(d => (d.RootNode, Convert(d.RootNode, budget, 0)))
            .ToList();
    }

    private static JsonNode? Convert(YamlNode node, Budget budget, int depth)
    {
        if (depth > MaxDepth)
        {
            throw ResourceException.BadRequest($"the YAML body nests deeper than {MaxDepth} levels");
        }

        if (++budget.Nodes > MaxNodes)
        {
            throw ResourceException.BadRequest($"the YAML body expands to more than {MaxNodes} values");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[key is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : throw ResourceException.BadRequest($"the YAML body has a key that is not a string at line {key.Start.Line}")] = Convert(value, budget, depth + 1);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(c => Convert(c, budget, depth + 1))]);
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw ResourceException.BadRequest($"the YAML body has a value JSON cannot hold at line {node.Start.Line}");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || (tag is null && scalar.Style is not ScalarStyle.Plain))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        if (IntegerSyntax().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatSyntax().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerSyntax();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatSyntax();

    private sealed class Budget
    {
        public int Nodes;
    }
}
