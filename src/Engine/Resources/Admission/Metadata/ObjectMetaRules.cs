using System.Text;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Metadata;

/// <summary>
/// The metadata every object shares, checked as apimachinery's <c>ValidateObjectMeta</c> does:
/// the name (and generateName) by the kind's rule, labels, annotations and owner references.
/// Finalizers are left to the deletion code that gives them meaning.
/// </summary>
internal static class ObjectMetaRules
{
    /// <summary>apimachinery's <c>TotalAnnotationSizeLimitB</c>: 256 KiB of keys and values together.</summary>
    public const int AnnotationsSizeLimit = 256 * 1024;

    private static readonly FieldPath Metadata = FieldPath.Root("metadata");

    public static void Validate(ResourceType type, JsonObject metadata, FieldErrors errors)
    {
        var generateName = metadata.TextAt("generateName");
        if (generateName.Length > 0)
        {
            errors.Invalid(Metadata.Child("generateName"), generateName, ObjectNames.PrefixErrors(type, generateName));
        }

        var name = metadata.TextAt("name");
        if (name.Length == 0)
        {
            errors.Required(Metadata.Child("name"), "name or generateName is required");
        }
        else
        {
            errors.Invalid(Metadata.Child("name"), name, ObjectNames.Errors(type, name));
        }

        ValidateLabelsAndAnnotations(metadata, Metadata, errors);
        ValidateOwnerReferences(metadata.ArrayAt("ownerReferences"), Metadata.Child("ownerReferences"), errors);
    }

    /// <summary>Labels and annotations, for object metadata and for the metadata of pod templates alike.</summary>
    public static void ValidateLabelsAndAnnotations(JsonObject? metadata, FieldPath path, FieldErrors errors)
    {
        if (metadata is null)
        {
            return;
        }

        LabelRules.Validate(metadata.ObjectAt("labels"), path.Child("labels"), errors);
        ValidateAnnotations(metadata.ObjectAt("annotations"), path.Child("annotations"), errors);
    }

    private static void ValidateAnnotations(JsonObject? annotations, FieldPath path, FieldErrors errors)
    {
        long size = 0;
        foreach (var (key, value) in annotations.StringPairs())
        {
            // Annotation keys are qualified names in any case.
            errors.Invalid(path, key, QualifiedNames.Errors(key.ToLowerInvariant()));
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (size > AnnotationsSizeLimit)
        {
            errors.TooLong(path, AnnotationsSizeLimit);
        }
    }

    private static void ValidateOwnerReferences(JsonArray? references, FieldPath path, FieldErrors errors)
    {
        string? controller = null;
        foreach (var (reference, _) in references.Items())
        {
            var apiVersion = reference.TextAt("apiVersion");
            var version = apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;
            if (version.Length == 0)
            {
                errors.Invalid(path.Child("apiVersion"), apiVersion, "version must not be empty");
            }

            foreach (var (field, message) in new[] { ("kind", "kind must not be empty"), ("name", "name must not be empty"), ("uid", "uid must not be empty") })
            {
                if (reference.TextAt(field).Length == 0)
                {
                    errors.Invalid(path.Child(field), "", message);
                }
            }

            if (reference.BoolAt("controller") == true)
            {
                var current = reference.TextAt("kind") + "/" + reference.TextAt("name");
                if (controller is not null)
                {
                    errors.Invalid(path, BadValue.Of(references), $"Only one reference can have Controller set to true. Found \"true\" in references for {controller} and {current}");
                }
                else
                {
                    controller = current;
                }
            }
        }
    }
}
