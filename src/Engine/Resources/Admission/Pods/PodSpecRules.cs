using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// A pod spec, in a Pod or in a workload's template, checked as Kubernetes' <c>ValidatePodSpec</c>
/// does: containers (at least one), init containers, volumes, policies, names and tolerations.
/// </summary>
internal static class PodSpecRules
{
    public static void Validate(ResourceType type, JsonObject? spec, FieldPath path, FieldErrors errors, bool isPod)
    {
        spec ??= new JsonObject();
        if (spec.IsUnset("terminationGracePeriodSeconds"))
        {
            errors.Required(path.Child("terminationGracePeriodSeconds"));
        }

        var volumes = VolumeRules.Validate(spec.ArrayAt("volumes"), path.Child("volumes"), errors);
        var containers = spec.ArrayAt("containers");
        ValidateContainers(type, containers, volumes, path.Child("containers"), errors);
        ValidateInitContainers(type, spec.ArrayAt("initContainers"), containers, volumes, path.Child("initContainers"), errors);
        ValidateHostNetworkPorts(spec, path, errors, isPod);
        errors.OneOf(path.Child("restartPolicy"), spec.TextAt("restartPolicy"), "Always", "OnFailure", "Never");
        var dnsPolicy = spec.TextAt("dnsPolicy");
        errors.OneOf(path.Child("dnsPolicy"), dnsPolicy, "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
        Metadata.LabelRules.Validate(spec.ObjectAt("nodeSelector"), path.Child("nodeSelector"), errors);
        ValidateImagePullSecrets(spec.ArrayAt("imagePullSecrets"), path.Child("imagePullSecrets"), errors);
        if (dnsPolicy == "None" && (spec.ObjectAt("dnsConfig")?.ArrayAt("nameservers")?.Count ?? 0) == 0)
        {
            if (spec.ObjectAt("dnsConfig") is null)
            {
                errors.Required(path.Child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None");
            }
            else
            {
                errors.Required(path.Child("dnsConfig", "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None");
            }
        }

        foreach (var field in new[] { "serviceAccountName", "nodeName", "priorityClassName" })
        {
            if (spec.TextAt(field) is { Length: > 0 } value)
            {
                errors.Invalid(path.Child(field), value, ObjectNames.SubdomainErrors(value));
            }
        }

        if (spec.IntegerAt("activeDeadlineSeconds") is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            errors.Invalid(path.Child("activeDeadlineSeconds"), deadline, ValidationMessages.InclusiveRange(1, int.MaxValue));
        }

        foreach (var field in new[] { "hostname", "subdomain" })
        {
            if (spec.TextAt(field) is { Length: > 0 } value)
            {
                errors.Invalid(path.Child(field), value, ObjectNames.LabelErrors(value));
            }
        }

        TolerationRules.Validate(spec.ArrayAt("tolerations"), path.Child("tolerations"), errors);
        if (spec.StringAt("preemptionPolicy") is { } preemption)
        {
            errors.OneOf(path.Child("preemptionPolicy"), preemption, "PreemptLowerPriority", "Never");
        }

        if (isPod)
        {
            // Only pods, not templates: a template's image may be filled in later by tooling.
            foreach (var list in new[] { "containers", "initContainers" })
            {
                foreach (var (container, index) in spec.ArrayAt(list).Items())
                {
                    var image = container.TextAt("image");
                    if (image.Length != image.Trim().Length)
                    {
                        errors.Invalid(path.Child(list).Index(index).Child("image"), image, "must not have leading or trailing whitespace");
                    }
                }
            }
        }
    }

    private static void ValidateContainers(ResourceType type, JsonArray? containers, IReadOnlySet<string> volumes, FieldPath path, FieldErrors errors)
    {
        if ((containers?.Count ?? 0) == 0)
        {
            errors.Required(path);
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (container, index) in containers.Items())
        {
            var at = path.Index(index);
            ContainerRules.ValidateCommon(type, container, volumes, at, errors);
            var name = container.TextAt("name");
            if (!names.Add(name))
            {
                errors.Duplicate(at.Child("name"), name);
            }

            ProbeRules.ValidateLifecycle(container.ObjectAt("lifecycle"), at.Child("lifecycle"), errors);
            ValidateProbes(container, at, errors);
            if (container["restartPolicy"] is not null)
            {
                errors.Forbidden(at.Child("restartPolicy"), "may not be set for non-init containers");
            }
        }

        CheckHostPorts(containers, path, errors);
    }

    private static void ValidateInitContainers(ResourceType type, JsonArray? initContainers, JsonArray? containers, IReadOnlySet<string> volumes, FieldPath path, FieldErrors errors)
    {
        var names = new HashSet<string>(containers.Items().Select(c => c.Item.TextAt("name")), StringComparer.Ordinal);
        foreach (var (container, index) in initContainers.Items())
        {
            var at = path.Index(index);
            ContainerRules.ValidateCommon(type, container, volumes, at, errors);
            var restartPolicy = container.StringAt("restartPolicy");
            if (restartPolicy is not null and not "Always")
            {
                errors.NotSupported(at.Child("restartPolicy"), restartPolicy, "Always");
            }

            var name = container.TextAt("name");
            if (names.Contains(name))
            {
                errors.Duplicate(at.Child("name"), name);
            }
            else if (name.Length > 0)
            {
                names.Add(name);
            }

            CheckHostPorts(new JsonArray(container.DeepClone()), path, errors);
            if (restartPolicy == "Always")
            {
                // A sidecar: it runs beside the main containers, so it may have probes and hooks.
                ProbeRules.ValidateLifecycle(container.ObjectAt("lifecycle"), at.Child("lifecycle"), errors);
                ValidateProbes(container, at, errors);
                continue;
            }

            foreach (var field in new[] { "lifecycle", "livenessProbe", "readinessProbe", "startupProbe" })
            {
                if (container[field] is not null)
                {
                    errors.Forbidden(at.Child(field), "may not be set for init containers without restartPolicy=Always");
                }
            }
        }
    }

    private static void ValidateProbes(JsonObject container, FieldPath at, FieldErrors errors)
    {
        ProbeRules.ValidateProbe(container.ObjectAt("livenessProbe"), at.Child("livenessProbe"), errors, successMustBeOne: true, isReadiness: false);
        ProbeRules.ValidateProbe(container.ObjectAt("readinessProbe"), at.Child("readinessProbe"), errors, successMustBeOne: false, isReadiness: true);
        ProbeRules.ValidateProbe(container.ObjectAt("startupProbe"), at.Child("startupProbe"), errors, successMustBeOne: true, isReadiness: false);
    }

    // Two containers of a pod may not claim the same host port (protocol/hostIP/port).
    private static void CheckHostPorts(JsonArray? containers, FieldPath path, FieldErrors errors)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (container, index) in containers.Items())
        {
            foreach (var (port, portIndex) in container.ArrayAt("ports").Items())
            {
                if (port.IntegerAt("hostPort") is not { } hostPort || hostPort == 0)
                {
                    continue;
                }

                var claim = $"{port.TextAt("protocol")}/{port.TextAt("hostIP")}/{hostPort}";
                if (!claimed.Add(claim))
                {
                    errors.Duplicate(path.Index(index).Child("ports").Index(portIndex).Child("hostPort"), claim);
                }
            }
        }
    }

    private static void ValidateHostNetworkPorts(JsonObject spec, FieldPath path, FieldErrors errors, bool isPod)
    {
        if (spec.BoolAt("hostNetwork") != true)
        {
            return;
        }

        foreach (var (container, index) in spec.ArrayAt("containers").Items())
        {
            foreach (var (port, portIndex) in container.ArrayAt("ports").Items())
            {
                var hostPort = port.IntegerAt("hostPort") ?? 0;
                if ((isPod || hostPort != 0) && hostPort != (port.IntegerAt("containerPort") ?? 0))
                {
                    errors.Invalid(path.Child("containers").Index(index).Child("ports").Index(portIndex).Child("hostPort"), hostPort, "must match `containerPort` when `hostNetwork` is true");
                }
            }
        }
    }

    private static void ValidateImagePullSecrets(JsonArray? secrets, FieldPath path, FieldErrors errors)
    {
        foreach (var (secret, index) in secrets.Items())
        {
            if (secret.Any(p => p.Key != "name"))
            {
                errors.Invalid(path.Index(index), BadValue.Of(secret), "only name may be set");
            }
        }
    }
}
