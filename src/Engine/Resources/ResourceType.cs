namespace Berth.Engine.Resources;

/// <summary>
/// One kind of object the API serves, described as Kubernetes discovery describes it: where it
/// lives in the URL space (group, version, plural resource), what it is called (kind, singular,
/// short names, categories such as <c>all</c>), whether it sits in a namespace, and which
/// subresources it has.
/// </summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool HasStatus,
    bool HasScale)
{
    /// <summary>The verbs the generic REST handler serves for every kind.</summary>
    public static readonly IReadOnlyList<string> Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>Whether a DELETE of the collection URL deletes what it selects; Kubernetes serves it for every kind but Namespace.</summary>
    public bool DeletesAsCollection => !(Group.Length == 0 && Plural == "namespaces");

    /// <summary>The verbs discovery lists for this kind.</summary>
    public IReadOnlyList<string> ServedVerbs => DeletesAsCollection ? Verbs : Verbs.Where(v => v != "deletecollection").ToList();

    public string Singular => Kind.ToLowerInvariant();

    /// <summary><c>v1</c> for the core group, <c>apps/v1</c> otherwise: the object's <c>apiVersion</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The name Kubernetes uses in messages: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The name Kubernetes uses in validation messages: <c>Pod</c>, <c>Deployment.apps</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
