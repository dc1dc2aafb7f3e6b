using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// What every container must satisfy (Kubernetes' <c>validateContainerCommon</c>): a DNS-label name,
/// an image, valid ports, environment, mounts of volumes that exist, pull policy and resources.
/// </summary>
internal static class ContainerRules
{
    public static void ValidateCommon(ResourceType type, JsonObject container, IReadOnlySet<string> volumes, FieldPath path, FieldErrors errors)
    {
        errors.RequiredAndValid(path.Child("name"), container.TextAt("name"), ObjectNames.LabelErrors);
        if (container.TextAt("image").Length == 0)
        {
            errors.Required(path.Child("image"));
        }

        errors.OneOf(path.Child("terminationMessagePolicy"), container.TextAt("terminationMessagePolicy"), "File", "FallbackToLogsOnError");

        ValidatePorts(container.ArrayAt("ports"), path.Child("ports"), errors);
        ValidateEnv(container.ArrayAt("env"), path.Child("env"), errors);
        ValidateEnvFrom(container.ArrayAt("envFrom"), path.Child("envFrom"), errors);
        ValidateMounts(container.ArrayAt("volumeMounts"), volumes, path.Child("volumeMounts"), errors);
        errors.OneOf(path.Child("imagePullPolicy"), container.TextAt("imagePullPolicy"), "Always", "IfNotPresent", "Never");

        ResourceRules.Validate(type, container.ObjectAt("resources"), path.Child("resources"), errors);
    }

    private static void ValidatePorts(JsonArray? ports, FieldPath path, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, index) in ports.Items())
        {
            var at = path.Index(index);
            var name = port.TextAt("name");
            if (name.Length > 0)
            {
                var nameErrors = PortRules.NameErrors(name);
                if (nameErrors.Count > 0)
                {
                    errors.Invalid(at.Child("name"), name, nameErrors);
                }
                else if (!names.Add(name))
                {
                    errors.Duplicate(at.Child("name"), name);
                }
            }

            var containerPort = port.IntegerAt("containerPort") ?? 0;
            if (containerPort == 0)
            {
                errors.Required(at.Child("containerPort"));
            }
            else
            {
                errors.Invalid(at.Child("containerPort"), containerPort, PortRules.NumberErrors(containerPort));
            }

            if (port.IntegerAt("hostPort") is { } hostPort and not 0)
            {
                errors.Invalid(at.Child("hostPort"), hostPort, PortRules.NumberErrors(hostPort));
            }

            ValidateProtocol(port, at.Child("protocol"), errors);
        }
    }

    /// <summary>TCP, UDP or SCTP, as for container and service ports.</summary>
    public static void ValidateProtocol(JsonObject port, FieldPath path, FieldErrors errors) =>
        errors.OneOf(path, port.TextAt("protocol"), "SCTP", "TCP", "UDP");

    private static void ValidateEnv(JsonArray? env, FieldPath path, FieldErrors errors)
    {
        foreach (var (variable, index) in env.Items())
        {
            var at = path.Index(index);
            errors.RequiredAndValid(at.Child("name"), variable.TextAt("name"), EnvVarNames.Errors);

            if (variable.ObjectAt("valueFrom") is not { } valueFrom)
            {
                continue;
            }

            var from = at.Child("valueFrom");
            var sources = 0;
            if (valueFrom.ObjectAt("fieldRef") is { } fieldRef)
            {
                sources++;
                if (fieldRef.TextAt("apiVersion").Length == 0)
                {
                    errors.Required(from.Child("fieldRef", "apiVersion"));
                }
                else if (fieldRef.TextAt("fieldPath").Length == 0)
                {
                    errors.Required(from.Child("fieldRef", "fieldPath"));
                }
            }

            if (valueFrom.ObjectAt("resourceFieldRef") is { } resourceRef)
            {
                sources++;
                if (resourceRef.TextAt("resource").Length == 0)
                {
                    errors.Required(from.Child("resourceFieldRef", "resource"));
                }
            }

            foreach (var selector in new[] { "configMapKeyRef", "secretKeyRef" })
            {
                if (valueFrom.ObjectAt(selector) is not { } keyRef)
                {
                    continue;
                }

                sources++;
                var refName = keyRef.TextAt("name");
                errors.Invalid(from.Child(selector, "name"), refName, ObjectNames.SubdomainErrors(refName));
                errors.RequiredAndValid(from.Child(selector, "key"), keyRef.TextAt("key"), ConfigKeys.Errors);
            }

            if (sources == 0)
            {
                errors.Invalid(from, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
            }
            else if (variable.TextAt("value").Length != 0)
            {
                errors.Invalid(from, "", "may not be specified when `value` is not empty");
            }
            else if (sources > 1)
            {
                errors.Invalid(from, "", "may not have more than one field specified at a time");
            }
        }
    }

    private static void ValidateEnvFrom(JsonArray? envFrom, FieldPath path, FieldErrors errors)
    {
        foreach (var (source, index) in envFrom.Items())
        {
            var at = path.Index(index);
            var prefix = source.TextAt("prefix");
            if (prefix.Length > 0)
            {
                errors.Invalid(at.Child("prefix"), prefix, EnvVarNames.Errors(prefix));
            }

            var references = 0;
            foreach (var kind in new[] { "configMapRef", "secretRef" })
            {
                if (source.ObjectAt(kind) is { } reference)
                {
                    references++;
                    errors.RequiredAndValid(at.Child(kind, "name"), reference.TextAt("name"), ObjectNames.SubdomainErrors);
                }
            }

            if (references == 0)
            {
                errors.Invalid(at, "", "must specify one of: `configMapRef` or `secretRef`");
            }
            else if (references > 1)
            {
                errors.Invalid(at, "", "may not have more than one field specified at a time");
            }
        }
    }

    private static void ValidateMounts(JsonArray? mounts, IReadOnlySet<string> volumes, FieldPath path, FieldErrors errors)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (mount, index) in mounts.Items())
        {
            var at = path.Index(index);
            var name = mount.TextAt("name");
            if (name.Length == 0)
            {
                errors.Required(at.Child("name"));
            }

            if (!volumes.Contains(name))
            {
                errors.NotFound(at.Child("name"), name);
            }

            var mountPath = mount.TextAt("mountPath");
            if (mountPath.Length == 0)
            {
                errors.Required(at.Child("mountPath"));
            }

            if (!mountPoints.Add(mountPath))
            {
                errors.Invalid(at.Child("mountPath"), mountPath, "must be unique");
            }
        }
    }
}
