using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// Pod volumes: unique DNS-label names, exactly one source each, and the required field of the
/// common sources (a secret's secretName, a configMap's name, a hostPath's path, a claim's name).
/// Returns the names of the valid volumes, which container mounts must refer to.
/// </summary>
internal static class VolumeRules
{
    private static readonly (string Source, string Field)[] RequiredFields =
    [
        ("secret", "secretName"), ("configMap", "name"), ("hostPath", "path"), ("persistentVolumeClaim", "claimName"),
        ("nfs", "server"), ("nfs", "path"), ("csi", "driver"), ("image", "reference"),
    ];

    public static IReadOnlySet<string> Validate(JsonArray? volumes, FieldPath path, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (volume, index) in volumes.Items())
        {
            var at = path.Index(index);
            var before = errors.Count;
            ValidateSource(volume, at, errors);
            var name = volume.TextAt("name");
            errors.RequiredAndValid(at.Child("name"), name, ObjectNames.LabelErrors);

            if (names.Contains(name))
            {
                errors.Duplicate(at.Child("name"), name);
            }

            if (errors.Count == before)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static void ValidateSource(JsonObject volume, FieldPath path, FieldErrors errors)
    {
        var count = 0;
        foreach (var source in VolumeSources.Names.Where(s => volume[s] is not null))
        {
            if (count++ > 0)
            {
                errors.Forbidden(path.Child(source), "may not specify more than 1 volume type");
                continue;
            }

            if (volume.ObjectAt(source) is not { } settings)
            {
                continue;
            }

            foreach (var (_, field) in RequiredFields.Where(r => r.Source == source))
            {
                if (settings.TextAt(field).Length == 0)
                {
                    errors.Required(path.Child(source, field));
                }
            }

            if (settings.IntegerAt("defaultMode") is { } mode && mode is < 0 or > 511)
            {
                errors.Invalid(path.Child(source, "defaultMode"), mode, "must be a number between 0 and 0777 (octal), both inclusive");
            }
        }

        if (count == 0)
        {
            errors.Required(path, "must specify a volume type");
        }
    }
}
