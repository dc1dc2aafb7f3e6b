using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission;

/// <summary>
/// What admission does for one kind beyond the identity every object gets: its defaults, what its
/// registry strategy and default admission plugins fill in, the status it starts with, and its
/// validation on create and update. The base does nothing, which is right for kinds such as Event
/// or Lease whose metadata is all Kubernetes checks.
/// </summary>
public class KindPolicy
{
    public static readonly KindPolicy MetadataOnly = new();

    /// <summary>Kubernetes' defaulting functions, which run on every body the API decodes.</summary>
    public virtual void Default(JsonObject obj)
    {
    }

    /// <summary>What happens to a new object once it has its uid, before it is validated.</summary>
    public virtual void PrepareForCreate(ResourceType type, JsonObject obj)
    {
    }

    /// <summary>What happens to an incoming replacement of <paramref name="old"/>, before it is validated.</summary>
    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
    }

    /// <summary>The status a new object starts with (the status subresource is the only way to change it).</summary>
    public virtual JsonObject InitialStatus(JsonObject obj) => new();

    /// <summary>Checks the object beyond its metadata, adding every problem to <paramref name="errors"/>.</summary>
    public virtual void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
    }

    /// <summary>Checks a replacement: by default what a new object must satisfy; kinds add their immutable fields.</summary>
    public virtual void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors) => Validate(type, obj, errors);
}
