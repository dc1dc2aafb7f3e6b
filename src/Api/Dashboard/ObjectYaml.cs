using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Berth.Api.Dashboard;

/// <summary>
/// An object as YAML, laid out as <c>kubectl get -o yaml</c> lays it out (block style, keys in the
/// object's order, strings quoted only where YAML would read them as something else), for the
/// dashboard's YAML views and editor.
/// </summary>
internal static class ObjectYaml
{
    public static string Write(JsonNode? node)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, new EmitterSettings().WithBestIndent(2).WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(Scalar(key, isString: true));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(Scalar(value.GetValue<string>(), isString: true));
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    /// <summary>A string: plain when YAML reads it back as the same string, else quoted; several lines as a literal block.</summary>
    private static Scalar Scalar(string text, bool isString)
    {
        if (text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal) && !text.EndsWith(' '))
        {
            return new Scalar(null, null, text, ScalarStyle.Literal, isPlainImplicit: false, isQuotedImplicit: true);
        }

        var style = isString && LooksLikeSomethingElse(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        return new Scalar(null, null, text, style, isPlainImplicit: style == ScalarStyle.Any, isQuotedImplicit: true);
    }

    private static bool LooksLikeSomethingElse(string text) =>
        text.Length == 0
        || text is "null" or "Null" or "NULL" or "~" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "no" or "No" or "on" or "On" or "off" or "Off" or "y" or "n"
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase);
}
