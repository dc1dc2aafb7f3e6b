namespace Berth.Engine.Resources.Schemas;

/// <summary>
/// A named type of the API (<c>io.k8s.api.apps.v1.DeploymentSpec</c>): an object with described
/// fields, or one of the few named scalars Kubernetes gives their own schema (IntOrString,
/// Quantity, Time, MicroTime). Top-level kinds carry the group, version and kind they are served as.
/// </summary>
public sealed record SchemaType(string Name, string Description, IReadOnlyList<SchemaField> Fields)
{
    /// <summary>What the type is when it is not an object with fields.</summary>
    public NamedScalar? Scalar { get; init; }

    /// <summary>The kind this type is the body of, for top-level objects such as Deployment.</summary>
    public GroupVersionKind? Kind { get; init; }

    /// <summary>True for objects whose fields are not all described: any field is accepted and kept.</summary>
    public bool Open { get; init; }

    /// <summary>The last segment of the name: <c>DeploymentSpec</c>.</summary>
    public string ShortName => Name[(Name.LastIndexOf('.') + 1)..];

    /// <summary>The segment before it, which Go prints as the package of the type: <c>v1</c>, <c>intstr</c>.</summary>
    public string Package
    {
        get
        {
            var end = Name.LastIndexOf('.');
            return Name[(Name.LastIndexOf('.', end - 1) + 1)..end];
        }
    }

    public SchemaField? Field(string name)
    {
        // A loop, not FirstOrDefault: this runs for every field of every object decoded or applied.
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == name)
            {
                return Fields[i];
            }
        }

        return null;
    }
}

/// <summary>The scalars with a schema of their own, written as they are in JSON.</summary>
public enum NamedScalar
{
    /// <summary>An integer or a string (a port number or a port name, <c>25%</c> or <c>1</c>).</summary>
    IntOrString,

    /// <summary>An amount such as <c>500m</c> or <c>1Gi</c>, as a string or a number.</summary>
    Quantity,

    /// <summary>An RFC 3339 timestamp string, to the second.</summary>
    Time,

    /// <summary>An RFC 3339 timestamp string with microseconds.</summary>
    MicroTime,
}

/// <summary>A kind at one API version, as OpenAPI's <c>x-kubernetes-group-version-kind</c> names it.</summary>
public sealed record GroupVersionKind(string Group, string Version, string Kind)
{
    public static GroupVersionKind Of(ResourceType type) => new(type.Group, type.Version, type.Kind);
}
