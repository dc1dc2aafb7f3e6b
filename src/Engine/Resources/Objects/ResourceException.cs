namespace Berth.Engine.Resources.Objects;

/// <summary>A field named in an Invalid error, as Kubernetes' <c>StatusCause</c>: <c>FieldValueInvalid</c> on <c>metadata.name</c>.</summary>
public sealed record FieldCause(string Reason, string Field, string Message);

/// <summary>
/// A request the API refuses, carrying what the Kubernetes <c>Status</c> object says: the HTTP
/// code, the reason (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, ...),
/// the message kubectl prints, and the object and fields concerned.
/// </summary>
public sealed class ResourceException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    /// <summary>The object concerned, for <c>details</c>; null when there is none.</summary>
    public string? Name { get; init; }

    public string? Group { get; init; }

    /// <summary>The plural resource (Kubernetes puts it in <c>details.kind</c> for most reasons).</summary>
    public string? Kind { get; init; }

    public IReadOnlyList<FieldCause> Causes { get; init; } = [];

    public static ResourceException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found") { Name = name, Group = type.Group, Kind = type.Plural };

    public static ResourceException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists") { Name = name, Group = type.Group, Kind = type.Plural };

    public static ResourceException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again")
        { Name = name, Group = type.Group, Kind = type.Plural };

    public static ResourceException BadRequest(string message) => new(400, "BadRequest", message);

    public static ResourceException Gone(string message) => new(410, "Expired", message);

    /// <summary>422 naming each bad field, worded as kubectl prints it: <c>Deployment.apps "x" is invalid: metadata.name: Invalid value: ...</c>.</summary>
    public static ResourceException Invalid(ResourceType type, string name, IReadOnlyList<FieldCause> causes)
    {
        // apimachinery's aggregate error: each distinct message once, bracketed when there are several.
        var distinct = causes.Select(c => $"{c.Field}: {c.Message}").Distinct(StringComparer.Ordinal).ToList();
        var reasons = string.Join(", ", distinct);
        var summary = distinct.Count == 1 ? reasons : $"[{reasons}]";
        return new(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {summary}")
        {
            Name = name,
            Group = type.Group,
            Kind = type.Kind,
            Causes = causes,
        };
    }
}
