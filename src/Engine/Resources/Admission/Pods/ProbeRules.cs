using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>Probes and lifecycle hooks: exactly one handler, each handler complete, thresholds sensible.</summary>
internal static class ProbeRules
{
    private static readonly string[] ProbeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"];
    private static readonly string[] HookHandlers = ["exec", "httpGet", "tcpSocket", "sleep"];

    public static void ValidateProbe(JsonObject? probe, FieldPath path, FieldErrors errors, bool successMustBeOne, bool isReadiness)
    {
        if (probe is null)
        {
            return;
        }

        ValidateHandler(probe, ProbeHandlers, path, errors);
        foreach (var field in new[] { "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold" })
        {
            if (probe.IntegerAt(field) is < 0 and var negative)
            {
                errors.Invalid(path.Child(field), negative, ValidationMessages.NonNegative);
            }
        }

        if (probe.IntegerAt("terminationGracePeriodSeconds") is { } grace)
        {
            if (isReadiness)
            {
                errors.Invalid(path.Child("terminationGracePeriodSeconds"), grace, "must not be set for readinessProbes");
            }
            else if (grace <= 0)
            {
                errors.Invalid(path.Child("terminationGracePeriodSeconds"), grace, "must be greater than 0");
            }
        }

        if (successMustBeOne && probe.IntegerAt("successThreshold") is { } success && success != 1)
        {
            errors.Invalid(path.Child("successThreshold"), success, "must be 1");
        }
    }

    public static void ValidateLifecycle(JsonObject? lifecycle, FieldPath path, FieldErrors errors)
    {
        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (lifecycle?.ObjectAt(hook) is { } handler)
            {
                ValidateHandler(handler, HookHandlers, path.Child(hook), errors);
            }
        }
    }

    private static void ValidateHandler(JsonObject owner, string[] handlers, FieldPath path, FieldErrors errors)
    {
        var count = 0;
        foreach (var kind in handlers)
        {
            if (owner.ObjectAt(kind) is not { } handler)
            {
                continue;
            }

            if (count++ > 0)
            {
                errors.Forbidden(path.Child(kind), "may not specify more than 1 handler type");
                continue;
            }

            var at = path.Child(kind);
            switch (kind)
            {
                case "exec" when (handler.ArrayAt("command")?.Count ?? 0) == 0:
                    errors.Required(at.Child("command"));
                    break;
                case "httpGet":
                    if (handler.TextAt("path").Length == 0)
                    {
                        errors.Required(at.Child("path"));
                    }

                    PortNumberOrName.Validate(handler["port"], at.Child("port"), errors);
                    if (handler.TextAt("scheme") is not ("HTTP" or "HTTPS") and var scheme)
                    {
                        errors.NotSupported(at.Child("scheme"), scheme, "HTTP", "HTTPS");
                    }

                    break;
                case "tcpSocket" or "grpc":
                    PortNumberOrName.Validate(handler["port"], at.Child("port"), errors);
                    break;
            }
        }

        if (count == 0)
        {
            errors.Required(path, "must specify a handler type");
        }
    }
}
