using System.Text.Json;
using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Schemas;

/// <summary>
/// Walks a JSON request body along the schema of its kind, as Kubernetes' strict decoder does:
/// it reports fields the schema does not know and keys given twice (with their path,
/// <c>spec.template.spec.containers[0].foo</c>), and values of the wrong type. It reads the raw
/// bytes, because a parsed object has already lost its duplicate keys. Fields of open types are
/// not checked, and in strategic merge patches the <c>$</c> directives are not fields.
/// </summary>
public static partial class StrictDecoder
{
    public static DecodeReport Check(SchemaCatalog catalog, SchemaType root, ReadOnlySpan<byte> json, bool strategicPatch = false)
    {
        var walk = new Walk(catalog, strategicPatch);
        var reader = new Utf8JsonReader(json);
        if (reader.Read())
        {
            walk.Value(ref reader, new NamedType(root.Name), root.ShortName, root.Name);
        }

        return new DecodeReport(walk.StrictErrors, walk.Error, walk.HasDuplicates);
    }

    // apimachinery's own wording for a quantity it cannot parse.
    private const string QuantityFormat = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    [GeneratedRegex(@"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")]
    private static partial Regex QuantityPattern();

    private sealed class Walk(SchemaCatalog catalog, bool strategicPatch)
    {
        // The path as strict errors write it (with [i] for list elements) and as Go's type errors
        // write it (field names only), kept side by side. A strict step is a field name, or a list
        // index (Name null): formatted only when an error shows the path, as nearly every field is fine.
        private readonly List<(string? Name, int Index)> strictPath = [];
        private readonly List<string> fieldPath = [];

        // The key sets of the objects being read, one per depth, cleared and used again.
        private readonly List<HashSet<string>> seenByDepth = [];
        private int depth;

        public List<string> StrictErrors { get; } = [];

        public string? Error { get; private set; }

        public bool HasDuplicates { get; private set; }

        /// <summary>Checks the value the reader is on against <paramref name="type"/>, leaving the reader on its last token.</summary>
        /// <param name="owner">The short name of the type whose field holds the value (Go's "struct field X.path").</param>
        public void Value(ref Utf8JsonReader reader, FieldType type, string owner, string rootName)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return; // null is every type's zero value, and a merge patch's "remove"
            }

            switch (type)
            {
                case ScalarType scalar:
                    Scalar(ref reader, scalar.Kind, owner);
                    break;
                case ListType list when reader.TokenType == JsonTokenType.StartArray:
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        strictPath.Add((null, index++));
                        Value(ref reader, list.Items, owner, rootName);
                        strictPath.RemoveAt(strictPath.Count - 1);
                    }

                    break;
                case MapType map when reader.TokenType == JsonTokenType.StartObject:
                    Properties(ref reader, (ref Utf8JsonReader r, string _) => Value(ref r, map.Values, owner, rootName), fieldsHaveNames: false);
                    break;
                case NamedType named:
                    Named(ref reader, catalog.Find(named.Name)!, owner);
                    break;
                default:
                    Mismatch(ref reader, type, owner);
                    break;
            }
        }

        private void Named(ref Utf8JsonReader reader, SchemaType type, string owner)
        {
            if (type.Scalar is { } scalar)
            {
                NamedScalarValue(ref reader, type, scalar, owner);
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Mismatch(ref reader, new NamedType(type.Name), owner);
                return;
            }

            Properties(ref reader, (ref Utf8JsonReader r, string name) =>
            {
                if (type.Field(name) is { } field)
                {
                    Value(ref r, field.Type, type.ShortName, type.Name);
                }
                else
                {
                    if (!type.Open)
                    {
                        StrictErrors.Add($"unknown field \"{StrictPath()}\"");
                    }

                    r.Skip();
                }
            }, fieldsHaveNames: true);
        }

        private delegate void PropertyValue(ref Utf8JsonReader reader, string name);

        /// <summary>Reads the properties of an object, noting keys given twice, and hands each value to <paramref name="value"/>.</summary>
        private void Properties(ref Utf8JsonReader reader, PropertyValue value, bool fieldsHaveNames)
        {
            if (seenByDepth.Count == depth)
            {
                seenByDepth.Add(new HashSet<string>(StringComparer.Ordinal));
            }

            var seen = seenByDepth[depth++];
            seen.Clear();
            try
            {
                ReadProperties(ref reader, value, fieldsHaveNames, seen);
            }
            finally
            {
                depth--;
            }
        }

        private void ReadProperties(ref Utf8JsonReader reader, PropertyValue value, bool fieldsHaveNames, HashSet<string> seen)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (strategicPatch && name.StartsWith('$'))
                {
                    reader.Skip(); // a patch directive ($patch, $retainKeys, $setElementOrder/…), not a field
                    continue;
                }

                strictPath.Add((name, 0));
                if (fieldsHaveNames)
                {
                    fieldPath.Add(name);
                }

                if (!seen.Add(name))
                {
                    HasDuplicates = true;
                    StrictErrors.Add($"duplicate field \"{StrictPath()}\"");
                }

                value(ref reader, name);
                if (fieldsHaveNames)
                {
                    fieldPath.RemoveAt(fieldPath.Count - 1);
                }

                strictPath.RemoveAt(strictPath.Count - 1);
            }
        }

        private void Scalar(ref Utf8JsonReader reader, Scalar kind, string owner)
        {
            var fits = kind switch
            {
                Schemas.Scalar.String => reader.TokenType == JsonTokenType.String,
                Schemas.Scalar.Bytes => reader.TokenType == JsonTokenType.String,
                Schemas.Scalar.Boolean => reader.TokenType is JsonTokenType.True or JsonTokenType.False,
                Schemas.Scalar.Number => reader.TokenType == JsonTokenType.Number,
                Schemas.Scalar.Int32 => reader.TokenType == JsonTokenType.Number,
                Schemas.Scalar.Int64 => reader.TokenType == JsonTokenType.Number,
                Schemas.Scalar.Object => reader.TokenType == JsonTokenType.StartObject,
                _ => true,
            };
            if (!fits)
            {
                Mismatch(ref reader, new ScalarType(kind), owner);
                return;
            }

            switch (kind)
            {
                case Schemas.Scalar.Int32 when !reader.TryGetInt32(out _):
                case Schemas.Scalar.Int64 when !reader.TryGetInt64(out _):
                    Fail(TypeError($"number {RawText(ref reader)}", new ScalarType(kind), owner));
                    break;
                case Schemas.Scalar.Bytes when BadBase64(reader.GetString()!) is { } at:
                    Fail($"illegal base64 data at input byte {at}");
                    break;
                case Schemas.Scalar.Object or Schemas.Scalar.Any:
                    reader.Skip();
                    break;
            }
        }

        private void NamedScalarValue(ref Utf8JsonReader reader, SchemaType type, NamedScalar scalar, string owner)
        {
            switch (scalar)
            {
                case NamedScalar.IntOrString when reader.TokenType == JsonTokenType.String:
                case NamedScalar.Time or NamedScalar.MicroTime when reader.TokenType == JsonTokenType.String:
                    return;
                case NamedScalar.IntOrString when reader.TokenType == JsonTokenType.Number:
                    if (!reader.TryGetInt32(out _))
                    {
                        Fail(TypeError($"number {RawText(ref reader)}", new ScalarType(Schemas.Scalar.Int32), owner));
                    }

                    return;
                case NamedScalar.Quantity when reader.TokenType == JsonTokenType.Number:
                    return;
                case NamedScalar.Quantity when reader.TokenType == JsonTokenType.String:
                    if (!QuantityPattern().IsMatch(reader.GetString()!))
                    {
                        Fail(QuantityFormat);
                    }

                    return;
                default:
                    Mismatch(ref reader, new NamedType(type.Name), owner);
                    return;
            }
        }

        /// <summary>A value of the wrong JSON type: Go's "cannot unmarshal" error, and the value is skipped.</summary>
        private void Mismatch(ref Utf8JsonReader reader, FieldType expected, string owner)
        {
            if (strategicPatch && reader.TokenType == JsonTokenType.StartObject && OnlyDirectives(reader))
            {
                reader.Skip(); // {"$patch": "replace"} and the like stand where list elements go
                return;
            }

            var found = reader.TokenType switch
            {
                JsonTokenType.String => "string",
                JsonTokenType.Number => "number",
                JsonTokenType.True or JsonTokenType.False => "bool",
                JsonTokenType.StartArray => "array",
                _ => "object",
            };
            Fail(TypeError(found, expected, owner));
            reader.Skip();
        }

        private string TypeError(string found, FieldType expected, string owner) =>
            $"json: cannot unmarshal {found} into Go struct field {owner}.{string.Join('.', fieldPath)} of type {GoName(expected)}";

        private void Fail(string message) => Error ??= message; // Go's decoder reports the first

        private string StrictPath()
        {
            var text = new System.Text.StringBuilder();
            foreach (var (name, index) in strictPath)
            {
                if (name is null)
                {
                    text.Append('[').Append(index).Append(']');
                }
                else
                {
                    text.Append(text.Length == 0 ? "" : ".").Append(name);
                }
            }

            return text.ToString();
        }

        /// <summary>How Go names the type a field decodes into: <c>int32</c>, <c>[]v1.Container</c>, <c>map[string]string</c>.</summary>
        private string GoName(FieldType type) => type switch
        {
            ScalarType { Kind: Schemas.Scalar.String } => "string",
            ScalarType { Kind: Schemas.Scalar.Int32 } => "int32",
            ScalarType { Kind: Schemas.Scalar.Int64 } => "int64",
            ScalarType { Kind: Schemas.Scalar.Boolean } => "bool",
            ScalarType { Kind: Schemas.Scalar.Number } => "float64",
            ScalarType { Kind: Schemas.Scalar.Bytes } => "[]uint8",
            ScalarType => "map[string]interface {}",
            ListType list => "[]" + GoName(list.Items),
            MapType map => "map[string]" + GoName(map.Values),
            NamedType named when catalog.Find(named.Name) is { } found => $"{found.Package}.{found.ShortName}",
            _ => type.ToString(),
        };

        private static string RawText(ref Utf8JsonReader reader) =>
            System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());

        private static bool OnlyDirectives(Utf8JsonReader copy)
        {
            var depth = copy.CurrentDepth;
            while (copy.Read() && !(copy.TokenType == JsonTokenType.EndObject && copy.CurrentDepth == depth))
            {
                if (copy.TokenType == JsonTokenType.PropertyName && copy.CurrentDepth == depth + 1 && !copy.GetString()!.StartsWith('$'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Where standard base64 with padding goes wrong, as Go reports it; null when it is fine.</summary>
        private static int? BadBase64(string text)
        {
            if (Convert.TryFromBase64String(text, new byte[text.Length], out _) && !text.Contains(' ') && text.Length % 4 == 0)
            {
                return null;
            }

            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '\r' or '\n'))
                {
                    return i;
                }
            }

            return text.Length - (text.Length % 4);
        }
    }
}
