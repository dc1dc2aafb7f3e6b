using System.Text;

namespace Berth.Engine.Resources.Schemas;

/// <summary>
/// Reads the schema files under <c>Definitions/</c>, a compact text form meant to be read and
/// reviewed like documentation:
/// <code>
/// # a comment
/// package io.k8s.api.apps.v1
///
/// type Deployment kind=apps/v1/Deployment
///   What the type is for, in a sentence or two.
///   - replicas: int32
///       What the field means.
///   - containers: []Container required merge=name list=map(name)
///       ...
/// </code>
/// A type line starts at column 0 (<c>type NAME [kind=GROUP/VERSION/KIND] [open]</c>, or
/// <c>scalar NAME</c> for IntOrString, Quantity, Time and MicroTime). A type with a kind is a
/// served kind and gets <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>; an <c>open</c> type
/// accepts fields it does not list. The lines indented under a type line
/// describe it until its first field. A field line starts with <c>- </c>; the lines indented deeper
/// describe the field. Field attributes: <c>required</c>, <c>merge</c> or <c>merge=KEY</c> (patch
/// strategy merge, by that key), <c>retainKeys</c>, <c>list=atomic|set|map(KEY,...)</c> and
/// <c>enum=A|B</c>. Types: <c>string</c>, <c>int32</c>, <c>int64</c>, <c>boolean</c>,
/// <c>number</c>, <c>bytes</c>, <c>object</c> (free-form), <c>any</c>, <c>[]T</c>, <c>map[T]</c>
/// and type names, resolved in their own package first, then anywhere they are unique.
/// </summary>
public static class SchemaFile
{
    public static IReadOnlyList<SchemaType> Parse(string text, string source)
    {
        var types = new List<SchemaType>();
        string? package = null;
        TypeBuilder? type = null;
        FieldBuilder? field = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r', ' ', '\t');
            var content = line.TrimStart(' ');
            var indent = line.Length - content.Length;
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }

            FormatException Error(string message) => new($"{source}:{lineNumber}: {message}: {content}");
            if (indent == 0)
            {
                Flush();
                var words = content.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                switch (words[0])
                {
                    case "package" when words.Length == 2:
                        package = words[1];
                        break;
                    case "type" or "scalar" when words.Length >= 2:
                        if (package is null)
                        {
                            throw Error("a type before any package line");
                        }

                        type = new TypeBuilder($"{package}.{words[1]}", words[0] == "scalar");
                        foreach (var attribute in words.Skip(2))
                        {
                            type.Attribute(attribute, Error);
                        }

                        break;
                    default:
                        throw Error("expected 'package NAME', 'type NAME ...' or 'scalar NAME'");
                }
            }
            else if (type is null)
            {
                throw Error("an indented line outside any type");
            }
            else if (content.StartsWith("- ", StringComparison.Ordinal))
            {
                if (field is not null)
                {
                    type.Fields.Add(field.Build());
                }

                field = FieldBuilder.Parse(content[2..], Error);
            }
            else if (field is not null)
            {
                Append(field.Description, content);
            }
            else
            {
                Append(type.Description, content);
            }
        }

        Flush();
        return types;

        void Flush()
        {
            if (field is not null)
            {
                type!.Fields.Add(field.Build());
                field = null;
            }

            if (type is not null)
            {
                types.Add(type.Build(source));
                type = null;
            }
        }
    }

    /// <summary>The fields every top-level kind has, so the files need not repeat them (Kubernetes' TypeMeta and metadata).</summary>
    private static readonly SchemaField[] TopLevelFields =
    [
        new("apiVersion", new ScalarType(Scalar.String),
            "The version of the API the object is written for, such as v1 or apps/v1."),
        new("kind", new ScalarType(Scalar.String),
            "The kind of the object, in CamelCase, such as Pod or Deployment."),
        new("metadata", new NamedType("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
            "The object's name, namespace, labels, annotations and the facts the server keeps about it."),
    ];

    private static void Append(StringBuilder description, string line) =>
        description.Append(description.Length == 0 ? "" : " ").Append(line);

    private sealed class TypeBuilder(string name, bool scalar)
    {
        public StringBuilder Description { get; } = new();

        public List<SchemaField> Fields { get; } = [];

        private GroupVersionKind? kind;
        private bool open;

        public void Attribute(string attribute, Func<string, FormatException> error)
        {
            if (attribute == "open")
            {
                open = true;
            }
            else if (attribute.StartsWith("kind=", StringComparison.Ordinal))
            {
                var parts = attribute[5..].Split('/');
                kind = parts.Length switch
                {
                    2 => new GroupVersionKind("", parts[0], parts[1]),
                    3 => new GroupVersionKind(parts[0], parts[1], parts[2]),
                    _ => throw error("kind= takes GROUP/VERSION/KIND, or VERSION/KIND for the core group"),
                };
            }
            else
            {
                throw error($"unknown type attribute '{attribute}'");
            }
        }

        public SchemaType Build(string source)
        {
            NamedScalar? form = null;
            if (scalar)
            {
                var shortName = name[(name.LastIndexOf('.') + 1)..];
                form = Enum.TryParse<NamedScalar>(shortName, out var parsed)
                    ? parsed
                    : throw new FormatException($"{source}: '{shortName}' is not a known scalar ({string.Join(", ", Enum.GetNames<NamedScalar>())})");
            }

            var fields = kind is null ? Fields : [.. TopLevelFields.Where(t => Fields.All(f => f.Name != t.Name)), .. Fields];
            return new SchemaType(name, Description.ToString(), fields) { Scalar = form, Kind = kind, Open = open };
        }
    }

    private sealed class FieldBuilder(SchemaField field)
    {
        public StringBuilder Description { get; } = new();

        public static FieldBuilder Parse(string text, Func<string, FormatException> error)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw error("expected '- NAME: TYPE [attributes]'");
            }

            var words = text[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                throw error("a field without a type");
            }

            var field = new SchemaField(text[..colon], FieldType.Parse(words[0]), "");
            foreach (var attribute in words.Skip(1))
            {
                field = WithAttribute(field, attribute, error);
            }

            return new FieldBuilder(field);
        }

        public SchemaField Build() => field with { Description = Description.ToString() };

        private static SchemaField WithAttribute(SchemaField field, string attribute, Func<string, FormatException> error)
        {
            var (name, value) = attribute.IndexOf('=') is var at and > 0 ? (attribute[..at], attribute[(at + 1)..]) : (attribute, null);
            return (name, value) switch
            {
                ("required", null) => field with { Required = true },
                ("merge", null) => field with { PatchStrategy = Strategy(field.PatchStrategy, "merge") },
                ("merge", _) => field with { PatchStrategy = Strategy(field.PatchStrategy, "merge"), MergeKey = value },
                ("retainKeys", null) => field with { PatchStrategy = Strategy(field.PatchStrategy, "retainKeys") },
                ("list", "atomic" or "set") => field with { ListType = value },
                ("list", { } map) when map.StartsWith("map(", StringComparison.Ordinal) && map.EndsWith(')') =>
                    field with { ListType = "map", ListMapKeys = map[4..^1].Split(',') },
                ("enum", { } values) => field with { Enum = values.Split('|') },
                _ => throw error($"unknown field attribute '{attribute}'"),
            };
        }

        // Kubernetes writes both as "merge,retainKeys", whichever order the file lists them in.
        private static string Strategy(string? existing, string added) =>
            existing is null || existing == added ? added : "merge,retainKeys";
    }
}
