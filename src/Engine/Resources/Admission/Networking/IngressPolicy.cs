using System.Net;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Networking;

/// <summary>
/// Ingresses (networking.k8s.io/v1): rules or a default backend, DNS hosts (wildcards allowed),
/// a pathType on every path (v1 has no default), absolute paths, and backends naming a service
/// and one port.
/// </summary>
internal sealed class IngressPolicy : KindPolicy
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] InvalidSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidSuffixes = ["/..", "/."];

    public override JsonObject InitialStatus(JsonObject obj) => new() { ["loadBalancer"] = new JsonObject() };

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var spec = obj.ObjectAt("spec") ?? [];
        var rules = spec.ArrayAt("rules");
        var defaultBackend = spec.ObjectAt("defaultBackend");
        if ((rules?.Count ?? 0) == 0 && defaultBackend is null)
        {
            errors.Invalid(Spec, new BadValue(rules is null ? "[]networking.IngressRule(nil)" : "[]networking.IngressRule{}"), "either `defaultBackend` or `rules` must be specified");
        }

        if (defaultBackend is not null)
        {
            ValidateBackend(defaultBackend, Spec.Child("defaultBackend"), errors);
        }

        foreach (var (rule, index) in rules.Items())
        {
            ValidateRule(rule, Spec.Child("rules").Index(index), errors);
        }

        foreach (var (tls, index) in spec.ArrayAt("tls").Items())
        {
            foreach (var (host, hostIndex) in (tls.ArrayAt("hosts") ?? []).Select((h, i) => (h?.ToString() ?? "", i)))
            {
                var at = Spec.Child("tls").Index(index).Child("hosts").Index(hostIndex);
                errors.Invalid(at, host, host.Contains('*') ? WildcardErrors(host) : ObjectNames.SubdomainErrors(host));
            }
        }

        if (spec.StringAt("ingressClassName") is { } className)
        {
            errors.Invalid(Spec.Child("ingressClassName"), className, ObjectNames.SubdomainErrors(className));
        }
    }

    private static void ValidateRule(JsonObject rule, FieldPath path, FieldErrors errors)
    {
        var host = rule.TextAt("host");
        if (host.Length > 0)
        {
            if (IPAddress.TryParse(host, out _))
            {
                errors.Invalid(path.Child("host"), host, "must be a DNS name, not an IP address");
            }

            errors.Invalid(path.Child("host"), host, host.Contains('*') ? WildcardErrors(host) : ObjectNames.SubdomainErrors(host));
        }

        if (rule.ObjectAt("http") is not { } http)
        {
            return;
        }

        var paths = http.ArrayAt("paths");
        if ((paths?.Count ?? 0) == 0)
        {
            errors.Required(path.Child("http", "paths"));
        }

        foreach (var (httpPath, index) in paths.Items())
        {
            ValidatePath(httpPath, path.Child("http", "paths").Index(index), errors);
        }
    }

    private static void ValidatePath(JsonObject httpPath, FieldPath path, FieldErrors errors)
    {
        var pathType = httpPath.StringAt("pathType");
        if (pathType is null)
        {
            errors.Required(path.Child("pathType"), "pathType must be specified");
            return;
        }

        var value = httpPath.TextAt("path");
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/'))
                {
                    errors.Invalid(path.Child("path"), value, "must be an absolute path");
                }

                foreach (var sequence in InvalidSequences.Where(s => value.Length > 0 && value.Contains(s, StringComparison.Ordinal)))
                {
                    errors.Invalid(path.Child("path"), value, $"must not contain '{sequence}'");
                }

                foreach (var suffix in InvalidSuffixes.Where(s => value.Length > 0 && value.EndsWith(s, StringComparison.Ordinal)))
                {
                    errors.Invalid(path.Child("path"), value, $"cannot end with '{suffix}'");
                }

                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/'))
                {
                    errors.Invalid(path.Child("path"), value, "must be an absolute path");
                }

                break;
            default:
                errors.NotSupported(path.Child("pathType"), pathType, "Exact", "ImplementationSpecific", "Prefix");
                break;
        }

        ValidateBackend(httpPath.ObjectAt("backend") ?? [], path.Child("backend"), errors);
    }

    private static void ValidateBackend(JsonObject backend, FieldPath path, FieldErrors errors)
    {
        var resource = backend.ObjectAt("resource");
        var service = backend.ObjectAt("service");
        if (resource is not null && service is not null)
        {
            errors.Invalid(path, "", "cannot set both resource and service backends");
            return;
        }

        if (resource is not null)
        {
            foreach (var field in new[] { "kind", "name" })
            {
                if (resource.TextAt(field).Length == 0)
                {
                    errors.Required(path.Child("resource", field));
                }
            }

            return;
        }

        if (service is null)
        {
            errors.Invalid(path, "", "resource or service backend is required");
            return;
        }

        errors.RequiredAndValid(path.Child("service", "name"), service.TextAt("name"), ObjectNames.Dns1035LabelErrors);

        var port = service.ObjectAt("port") ?? [];
        var portName = port.TextAt("name");
        var portNumber = port.IntegerAt("number") ?? 0;
        if (portName.Length > 0 && portNumber != 0)
        {
            errors.Invalid(path, "", "cannot set both port name & port number");
        }
        else if (portName.Length > 0)
        {
            errors.Invalid(path.Child("service", "port", "name"), portName, PortRules.NameErrors(portName));
        }
        else if (portNumber != 0)
        {
            errors.Invalid(path.Child("service", "port", "number"), portNumber, PortRules.NumberErrors(portNumber));
        }
        else
        {
            errors.Required(path, "port name or number is required");
        }
    }

    private static IReadOnlyList<string> WildcardErrors(string host)
    {
        var errors = new List<string>();
        if (host.Length > ObjectNames.SubdomainMaxLength)
        {
            errors.Add(ValidationMessages.MaxLength(ObjectNames.SubdomainMaxLength));
        }

        if (!host.StartsWith("*.", StringComparison.Ordinal) || ObjectNames.SubdomainErrors(host[2..]).Count > 0)
        {
            errors.Add(ValidationMessages.Regex(
                "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
                "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", "*.example.com"));
        }

        return errors;
    }
}
