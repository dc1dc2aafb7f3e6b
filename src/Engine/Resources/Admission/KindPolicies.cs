using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Metadata;
using Berth.Engine.Resources.Admission.Pods;
using Berth.Engine.Resources.Admission.Workloads;
using Berth.Engine.Resources.Admission.Services;
using Berth.Engine.Resources.Admission.Config;
using Berth.Engine.Resources.Admission.Namespaces;
using Berth.Engine.Resources.Admission.Networking;

namespace Berth.Engine.Resources.Admission;

/// <summary>
/// The policy of each built-in kind, and the two admission passes: a new object is defaulted,
/// prepared and validated; a replacement is defaulted, prepared against the stored object and
/// validated with the kind's immutable fields. Either refuses with one 422 naming every bad field.
/// </summary>
public static class KindPolicies
{
    private static readonly Dictionary<string, KindPolicy> ByResource = new(StringComparer.Ordinal)
    {
        ["pods"] = new PodPolicy(),
        ["services"] = new ServicePolicy(),
        ["configmaps"] = new ConfigMapPolicy(),
        ["secrets"] = new SecretPolicy(),
        ["namespaces"] = new NamespacePolicy(),
        ["endpoints"] = new EndpointsPolicy(),
        ["deployments.apps"] = new DeploymentPolicy(),
        ["replicasets.apps"] = new ReplicaSetPolicy(),
        ["daemonsets.apps"] = new DaemonSetPolicy(),
        ["statefulsets.apps"] = new StatefulSetPolicy(),
        ["jobs.batch"] = new JobPolicy(),
        ["cronjobs.batch"] = new CronJobPolicy(),
        ["ingresses.networking.k8s.io"] = new IngressPolicy(),
    };

    public static KindPolicy For(ResourceType type) => ByResource.GetValueOrDefault(type.QualifiedResource) ?? KindPolicy.MetadataOnly;

    /// <summary>Defaults, prepares and validates a new object whose identity (name, uid) is already set.</summary>
    public static void AdmitCreate(ResourceType type, JsonObject obj)
    {
        var policy = For(type);
        policy.Default(obj);
        policy.PrepareForCreate(type, obj);
        var errors = new FieldErrors();
        var metadata = Metadata(obj);
        ObjectMetaRules.Validate(type, metadata, errors);
        policy.Validate(type, obj, errors);
        errors.ThrowIfAny(type, metadata.StringAt("name"));
    }

    /// <summary>Defaults, prepares and validates <paramref name="obj"/> as the replacement of <paramref name="old"/>.</summary>
    public static void AdmitUpdate(ResourceType type, JsonObject obj, JsonObject old)
    {
        var policy = For(type);
        policy.Default(obj);
        policy.PrepareForUpdate(obj, old);
        var errors = new FieldErrors();
        var metadata = Metadata(obj);
        ObjectMetaRules.ValidateLabelsAndAnnotations(metadata, FieldPath.Root("metadata"), errors);
        policy.ValidateUpdate(type, obj, old, errors);
        errors.ThrowIfAny(type, metadata.StringAt("name"));
    }

    private static JsonObject Metadata(JsonObject obj) => obj.EnsureObject("metadata");
}
