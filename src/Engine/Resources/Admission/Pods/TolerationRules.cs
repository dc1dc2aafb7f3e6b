using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>Pod tolerations, checked as Kubernetes' <c>ValidateTolerations</c> does.</summary>
internal static class TolerationRules
{
    public static void Validate(JsonArray? tolerations, FieldPath path, FieldErrors errors)
    {
        foreach (var (toleration, index) in tolerations.Items())
        {
            var at = path.Index(index);
            var key = toleration.TextAt("key");
            var op = toleration.TextAt("operator");
            var value = toleration.TextAt("value");
            var effect = toleration.TextAt("effect");
            if (key.Length > 0)
            {
                errors.Invalid(at.Child("key"), key, QualifiedNames.Errors(key));
            }

            if (key.Length == 0 && op != "Exists")
            {
                errors.Invalid(at.Child("operator"), op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }

            if (!toleration.IsUnset("tolerationSeconds") && effect != "NoExecute")
            {
                errors.Invalid(at.Child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }

            switch (op)
            {
                case "Equal" or "":
                    if (QualifiedNames.LabelValueErrors(value) is { Count: > 0 } valueErrors)
                    {
                        errors.Invalid(at.Child("operator"), value, string.Join(";", valueErrors));
                    }

                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        errors.Invalid(at.Child("operator"), value, "value must be empty when `operator` is 'Exists'");
                    }

                    break;
                default:
                    errors.NotSupported(at.Child("operator"), op, "Equal", "Exists");
                    break;
            }

            if (effect.Length > 0 && effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                errors.NotSupported(at.Child("effect"), effect, "NoSchedule", "PreferNoSchedule", "NoExecute");
            }
        }
    }
}
