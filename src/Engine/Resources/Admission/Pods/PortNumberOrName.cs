using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>An <c>IntOrString</c> port (probes, service targetPort): a number in 1-65535 or an IANA service name.</summary>
internal static class PortNumberOrName
{
    public static void Validate(JsonNode? port, FieldPath path, FieldErrors errors)
    {
        if (port is JsonValue value && value.TryGetValue<string>(out var name))
        {
            errors.Invalid(path, name, PortRules.NameErrors(name));
            return;
        }

        var number = JsonFields.Integer(port) ?? 0;
        errors.Invalid(path, number, PortRules.NumberErrors(number));
    }
}
