using System.Text.Json.Nodes;
using Berth.Engine.Resources.DryRun;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// How a delete should go, as Kubernetes' <c>DeleteOptions</c>: a grace period, what happens to
/// dependents, preconditions the object must still meet, and whether it is only a dry run.
/// <see cref="Default"/> is a delete with no options at all.
/// </summary>
public sealed record DeleteOptions
{
    private static readonly string[] Policies = ["Foreground", "Background", "Orphan", "nil"];

    public static DeleteOptions Default { get; } = new();

    /// <summary>Seconds the object's holder has to finish before it goes; null leaves it to the kind (a pod's own period).</summary>
    public long? GracePeriodSeconds { get; init; }

    public PropagationPolicy? PropagationPolicy { get; init; }

    /// <summary>The deprecated form of the policy: true is Orphan, false is Foreground for namespaces and Background otherwise.</summary>
    public bool? OrphanDependents { get; init; }

    /// <summary>The uid the object must have (409 otherwise): guards against deleting a re-created namesake.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>The resourceVersion the object must still have (409 otherwise).</summary>
    public string? PreconditionResourceVersion { get; init; }

    public bool DryRun { get; init; }

    /// <summary>
    /// Reads a DeleteOptions body as kubectl sends it (<c>{"propagationPolicy":"Background","dryRun":["All"]}</c>,
    /// with or without kind and apiVersion); 400 for a malformed one, 422 for values Kubernetes refuses.
    /// </summary>
    public static DeleteOptions FromJson(JsonObject body)
    {
        if (ObjectJson.String(body, "kind") is { } kind && kind != "DeleteOptions")
        {
            throw ResourceException.BadRequest($"the body of a delete must be a DeleteOptions, not a {kind}");
        }

        var preconditions = body["preconditions"] as JsonObject;
        return Parse(
            Integer(body["gracePeriodSeconds"], "gracePeriodSeconds"),
            Text(body["propagationPolicy"], "propagationPolicy"),
            Boolean(body["orphanDependents"], "orphanDependents"),
            preconditions is null ? null : Text(preconditions["uid"], "preconditions.uid"),
            preconditions is null ? null : Text(preconditions["resourceVersion"], "preconditions.resourceVersion"),
            body["dryRun"] switch
            {
                null => [],
                JsonArray => Finalizers.Strings(body["dryRun"]),
                _ => throw ResourceException.BadRequest("dryRun must be a list of strings"),
            });
    }

    /// <summary>Builds options from their parts, refusing (422, as Kubernetes' ValidateDeleteOptions) what does not fit.</summary>
    public static DeleteOptions Parse(long? gracePeriodSeconds, string? propagationPolicy, bool? orphanDependents,
        string? preconditionUid, string? preconditionResourceVersion, IReadOnlyList<string> dryRun)
    {
        var causes = new List<FieldCause>();
        if (orphanDependents is not null && propagationPolicy is not null)
        {
            causes.Add(new FieldCause("FieldValueInvalid", "propagationPolicy",
                $"Invalid value: \"{propagationPolicy}\": orphanDependents and deletionPropagation cannot be both set"));
        }

        PropagationPolicy? policy = null;
        if (propagationPolicy is not null)
        {
            policy = propagationPolicy switch
            {
                "Orphan" => Deletion.PropagationPolicy.Orphan,
                "Background" => Deletion.PropagationPolicy.Background,
                "Foreground" => Deletion.PropagationPolicy.Foreground,
                _ => null,
            };
            if (policy is null)
            {
                causes.Add(OptionsError.NotSupported("propagationPolicy", $"\"{propagationPolicy}\"", Policies));
            }
        }

        if (DryRunOption.Check(dryRun) is { } dryRunCause)
        {
            causes.Add(dryRunCause);
        }

        if (causes.Count > 0)
        {
            throw OptionsError.Invalid("DeleteOptions", causes);
        }

        return new DeleteOptions
        {
            GracePeriodSeconds = gracePeriodSeconds,
            PropagationPolicy = policy,
            OrphanDependents = orphanDependents,
            PreconditionUid = preconditionUid,
            PreconditionResourceVersion = preconditionResourceVersion,
            DryRun = dryRun.Count > 0,
        };
    }

    private static long? Integer(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        _ => throw ResourceException.BadRequest($"{field} must be an integer"),
    };

    private static bool? Boolean(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw ResourceException.BadRequest($"{field} must be a boolean"),
    };

    private static string? Text(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw ResourceException.BadRequest($"{field} must be a string"),
    };
}
