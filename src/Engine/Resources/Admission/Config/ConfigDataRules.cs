using System.Text.Json.Nodes;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Config;

/// <summary>
/// The data of ConfigMaps and Secrets: keys that can be file names, at most 1 MiB in all, and,
/// once <c>immutable: true</c> is set, no more changes to the data or the flag.
/// </summary>
internal static class ConfigDataRules
{
    /// <summary>Kubernetes' <c>MaxSecretSize</c>, which also bounds ConfigMaps.</summary>
    public const int MaxSize = 1024 * 1024;

    public const string ImmutableMessage = "field is immutable when `immutable` is set";

    /// <summary>Checks the keys of <paramref name="field"/> and returns the size of its values.</summary>
    public static long ValidateKeys(JsonObject obj, string field, Func<string, long> size, FieldErrors errors)
    {
        long total = 0;
        foreach (var (key, value) in obj.ObjectAt(field).StringPairs())
        {
            errors.Invalid(FieldPath.Root(field).Key(key), key, ConfigKeys.Errors(key));
            total += size(value);
        }

        return total;
    }

    /// <summary>Once immutable, always immutable, and the listed fields frozen.</summary>
    public static void ValidateImmutable(JsonObject obj, JsonObject old, string[] frozen, FieldErrors errors)
    {
        if (old.BoolAt("immutable") != true)
        {
            return;
        }

        if (obj.BoolAt("immutable") != true)
        {
            errors.Forbidden(FieldPath.Root("immutable"), ImmutableMessage);
        }

        foreach (var field in frozen)
        {
            if (!SemanticJson.Equal(obj[field], old[field]))
            {
                errors.Forbidden(FieldPath.Root(field), ImmutableMessage);
            }
        }
    }
}
