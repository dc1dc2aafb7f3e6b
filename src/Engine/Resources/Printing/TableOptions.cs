namespace Berth.Engine.Resources.Printing;

/// <summary>What a row carries besides its cells (the <c>includeObject</c> query parameter).</summary>
public enum IncludeObject
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>The object's metadata as a <c>PartialObjectMetadata</c>: Kubernetes' default, enough for kubectl's NAMESPACE and labels.</summary>
    Metadata,

    /// <summary>The whole object, which kubectl asks for when it sorts (<c>--sort-by</c>).</summary>
    Object,
}

/// <summary>How to build a Table: in which <c>meta.k8s.io</c> version, with what in each row.</summary>
/// <param name="ApiVersion"><c>meta.k8s.io/v1</c> or <c>meta.k8s.io/v1beta1</c>: the two are the same shape.</param>
/// <param name="Include">What each row carries besides its cells.</param>
public sealed record TableOptions(string ApiVersion, IncludeObject Include = IncludeObject.Metadata)
{
    public const string V1 = "meta.k8s.io/v1";
    public const string V1Beta1 = "meta.k8s.io/v1beta1";
}
