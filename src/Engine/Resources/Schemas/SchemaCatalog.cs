namespace Berth.Engine.Resources.Schemas;

/// <summary>
/// Every type the API describes, by full name, with the top-level kinds by group, version and kind.
/// It is the one source for <c>kubectl explain</c> (the OpenAPI documents), for strict field
/// validation of requests, and for which lists a strategic merge patch merges by key.
/// </summary>
public sealed class SchemaCatalog
{
    private const string ResourcePrefix = "schemas/";

    private readonly Dictionary<string, SchemaType> byName;
    private readonly Dictionary<GroupVersionKind, SchemaType> byKind;

    /// <summary>Resolves the type names the fields use; a name that resolves to nothing, or to two types, is an error.</summary>
    public SchemaCatalog(IEnumerable<SchemaType> types)
    {
        var declared = new Dictionary<string, SchemaType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (!declared.TryAdd(type.Name, type))
            {
                throw new FormatException($"type {type.Name} is declared twice");
            }
        }

        var byShortName = declared.Values.ToLookup(t => t.ShortName, StringComparer.Ordinal);
        byName = declared.Values
            .Select(t => t with { Fields = t.Fields.Select(f => f with { Type = Resolve(f.Type, t, f, declared, byShortName) }).ToList() })
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        byKind = byName.Values.Where(t => t.Kind is not null).ToDictionary(t => t.Kind!);
        foreach (var type in byName.Values)
        {
            foreach (var field in type.Fields)
            {
                CheckListKeys(type, field);
            }
        }
    }

    /// <summary>The catalog of the built-in kinds, read from the schema files compiled into the Engine.</summary>
    public static SchemaCatalog BuiltIn { get; } = LoadBuiltIn();

    public IReadOnlyCollection<SchemaType> Types => byName.Values;

    public SchemaType? Find(string name) => byName.GetValueOrDefault(name);

    public SchemaType? RootOf(GroupVersionKind kind) => byKind.GetValueOrDefault(kind);

    public SchemaType? RootOf(ResourceType type) => RootOf(GroupVersionKind.Of(type));

    /// <summary>The named type a field type stands for, looking through lists and maps; null for scalars.</summary>
    public SchemaType? ElementType(FieldType type) => type switch
    {
        NamedType named => byName[named.Name],
        ListType list => ElementType(list.Items),
        MapType map => ElementType(map.Values),
        _ => null,
    };

    /// <summary>
    /// The field at <paramref name="path"/> (field names from the object's root, lists and maps
    /// looked through, as a strategic merge patch walks them); null when any step is not described.
    /// </summary>
    public SchemaField? FieldAt(SchemaType root, IReadOnlyList<string> path)
    {
        SchemaField? field = null;
        var current = root;
        foreach (var name in path)
        {
            if (current is null || (field = current.Field(name)) is null)
            {
                return null;
            }

            current = ElementType(field.Type);
        }

        return field;
    }

    /// <summary><paramref name="roots"/> and every type their fields reach, each once, in the order first reached.</summary>
    public IReadOnlyList<SchemaType> Closure(IEnumerable<SchemaType> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<SchemaType>();
        var pending = new Queue<SchemaType>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type.Name))
            {
                continue;
            }

            ordered.Add(type);
            foreach (var field in type.Fields)
            {
                if (ElementType(field.Type) is { } reached)
                {
                    pending.Enqueue(reached);
                }
            }
        }

        return ordered;
    }

    private static SchemaCatalog LoadBuiltIn()
    {
        var assembly = typeof(SchemaCatalog).Assembly;
        var types = new List<SchemaType>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            types.AddRange(SchemaFile.Parse(reader.ReadToEnd(), resource));
        }

        return new SchemaCatalog(types);
    }

    private static FieldType Resolve(FieldType type, SchemaType owner, SchemaField field,
        Dictionary<string, SchemaType> declared, ILookup<string, SchemaType> byShortName) => type switch
    {
        ListType list => list with { Items = Resolve(list.Items, owner, field, declared, byShortName) },
        MapType map => map with { Values = Resolve(map.Values, owner, field, declared, byShortName) },
        NamedType named when declared.ContainsKey(named.Name) => named,
        NamedType named when declared.ContainsKey($"{owner.Name[..owner.Name.LastIndexOf('.')]}.{named.Name}") =>
            new NamedType($"{owner.Name[..owner.Name.LastIndexOf('.')]}.{named.Name}"),
        NamedType named => byShortName[named.Name].ToList() switch
        {
            [var only] => new NamedType(only.Name),
            [] => throw new FormatException($"{owner.Name}.{field.Name}: no type is named {named.Name}"),
            var several => throw new FormatException(
                $"{owner.Name}.{field.Name}: {named.Name} could be {string.Join(" or ", several.Select(t => t.Name))}; write the full name"),
        },
        _ => type,
    };

    private void CheckListKeys(SchemaType owner, SchemaField field)
    {
        var keys = field.MergeKey is null ? field.ListMapKeys : [field.MergeKey, .. field.ListMapKeys];
        if (keys.Count == 0)
        {
            return;
        }

        if (field.Type is not ListType list || ElementType(list.Items) is not { } element)
        {
            throw new FormatException($"{owner.Name}.{field.Name}: list keys need a list of objects");
        }

        foreach (var key in keys.Where(k => element.Field(k) is null))
        {
            throw new FormatException($"{owner.Name}.{field.Name}: the list key '{key}' is not a field of {element.Name}");
        }
    }
}
