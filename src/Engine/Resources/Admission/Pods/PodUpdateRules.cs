using System.Text;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// What may change in a running pod's spec (Kubernetes' <c>ValidatePodUpdate</c>): container
/// images, a shorter activeDeadlineSeconds, added tolerations and removed scheduling gates. Any
/// other change is refused with the message Kubernetes gives, followed by the fields that differ.
/// </summary>
internal static class PodUpdateRules
{
    private const string Updatable =
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public static void Validate(JsonObject newSpec, JsonObject oldSpec, FieldErrors errors)
    {
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (!ValidateContainerImages(newSpec.ArrayAt(list), oldSpec.ArrayAt(list), Spec.Child(list), errors))
            {
                return; // containers were added or removed: nothing else can be compared
            }
        }

        var newDeadline = newSpec.IntegerAt("activeDeadlineSeconds");
        var oldDeadline = oldSpec.IntegerAt("activeDeadlineSeconds");
        if (newDeadline is { } deadline)
        {
            if (deadline is < 0 or > int.MaxValue)
            {
                errors.Invalid(Spec.Child("activeDeadlineSeconds"), deadline, ValidationMessages.InclusiveRange(0, int.MaxValue));
                return;
            }

            if (oldDeadline is { } previous && previous < deadline)
            {
                errors.Invalid(Spec.Child("activeDeadlineSeconds"), deadline, "must be less than or equal to previous value");
                return;
            }
        }
        else if (oldDeadline is not null)
        {
            errors.Invalid(Spec.Child("activeDeadlineSeconds"), BadValue.Null, "must not update from a positive integer to nil value");
        }

        ValidateOnlyAddedTolerations(newSpec.ArrayAt("tolerations"), oldSpec.ArrayAt("tolerations"), errors);
        ValidateOnlyRemovedGates(newSpec.ArrayAt("schedulingGates"), oldSpec.ArrayAt("schedulingGates"), errors);

        var munged = (JsonObject)newSpec.DeepClone();
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var (container, index) in munged.ArrayAt(list).Items())
            {
                container["image"] = oldSpec.ArrayAt(list)![index]?["image"]?.DeepClone();
            }
        }

        munged["activeDeadlineSeconds"] = oldSpec["activeDeadlineSeconds"]?.DeepClone();
        munged["schedulingGates"] = oldSpec["schedulingGates"]?.DeepClone();
        munged["tolerations"] = oldSpec["tolerations"]?.DeepClone();
        if (oldSpec.IntegerAt("terminationGracePeriodSeconds") is < 0 && munged.IntegerAt("terminationGracePeriodSeconds") == 1)
        {
            munged["terminationGracePeriodSeconds"] = oldSpec["terminationGracePeriodSeconds"]?.DeepClone();
        }

        if (!SemanticJson.Equal(munged, oldSpec))
        {
            errors.Forbidden(Spec, $"pod updates may not change fields other than {Updatable}\n{Difference(SemanticJson.Prune(oldSpec), SemanticJson.Prune(munged), "spec")}");
        }
    }

    // False when the count differs, which Kubernetes reports alone.
    private static bool ValidateContainerImages(JsonArray? containers, JsonArray? oldContainers, FieldPath path, FieldErrors errors)
    {
        if ((containers?.Count ?? 0) != (oldContainers?.Count ?? 0))
        {
            errors.Forbidden(path, "pod updates may not add or remove containers");
            return false;
        }

        foreach (var (container, index) in containers.Items())
        {
            var image = container.TextAt("image");
            if (image.Length == 0)
            {
                errors.Required(path.Index(index).Child("image"));
            }

            if (image.Trim().Length != image.Length)
            {
                errors.Invalid(path.Index(index).Child("image"), image, "must not have leading or trailing whitespace");
            }
        }

        return true;
    }

    private static void ValidateOnlyAddedTolerations(JsonArray? tolerations, JsonArray? oldTolerations, FieldErrors errors)
    {
        foreach (var (old, _) in oldTolerations.Items())
        {
            var kept = tolerations.Items().Any(t =>
            {
                var withSeconds = (JsonObject)old.DeepClone();
                withSeconds["tolerationSeconds"] = t.Item["tolerationSeconds"]?.DeepClone();
                return SemanticJson.Equal(withSeconds, t.Item);
            });
            if (!kept)
            {
                errors.Forbidden(Spec.Child("tolerations"), "existing toleration can not be modified except its tolerationSeconds");
                return;
            }
        }
    }

    private static void ValidateOnlyRemovedGates(JsonArray? gates, JsonArray? oldGates, FieldErrors errors)
    {
        var old = new HashSet<string>(oldGates.Items().Select(g => g.Item.TextAt("name")), StringComparer.Ordinal);
        foreach (var (gate, index) in gates.Items())
        {
            var name = gate.TextAt("name");
            if (!old.Contains(name))
            {
                errors.Forbidden(Spec.Child("schedulingGates").Index(index).Child("name"), $"only deletion is allowed, but found new scheduling gate '{name}'");
            }
        }
    }

    /// <summary>The fields that differ, one line each, old value marked '-' and new '+'.</summary>
    private static string Difference(JsonNode? before, JsonNode? after, string path)
    {
        var lines = new StringBuilder();
        Collect(before, after, path, lines);
        return lines.ToString().TrimEnd('\n');
    }

    private static void Collect(JsonNode? before, JsonNode? after, string path, StringBuilder lines)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        if (before is JsonObject left && after is JsonObject right)
        {
            foreach (var key in left.Select(p => p.Key).Union(right.Select(p => p.Key)))
            {
                Collect(left[key], right[key], path + "." + key, lines);
            }

            return;
        }

        if (before is JsonArray leftItems && after is JsonArray rightItems && leftItems.Count == rightItems.Count)
        {
            for (var i = 0; i < leftItems.Count; i++)
            {
                Collect(leftItems[i], rightItems[i], $"{path}[{i}]", lines);
            }

            return;
        }

        lines.Append("- ").Append(path).Append(": ").Append(before?.ToJsonString() ?? "null").Append('\n');
        lines.Append("+ ").Append(path).Append(": ").Append(after?.ToJsonString() ?? "null").Append('\n');
    }
}
