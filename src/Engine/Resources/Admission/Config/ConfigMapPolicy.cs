using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Config;

/// <summary>ConfigMaps: valid keys, no key in both data and binaryData, 1 MiB at most, and frozen once immutable.</summary>
internal sealed class ConfigMapPolicy : KindPolicy
{
    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var size = ConfigDataRules.ValidateKeys(obj, "data", v => Encoding.UTF8.GetByteCount(v), errors);
        var binary = obj.ObjectAt("binaryData");
        foreach (var (key, _) in obj.ObjectAt("data").StringPairs())
        {
            if (binary?.ContainsKey(key) == true)
            {
                errors.Invalid(FieldPath.Root("data").Key(key), key, "duplicate of key present in binaryData");
            }
        }

        size += ConfigDataRules.ValidateKeys(obj, "binaryData", Base64.DecodedLength, errors);
        if (size > ConfigDataRules.MaxSize)
        {
            errors.TooLong(FieldPath.Root(""), ConfigDataRules.MaxSize);
        }
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        ConfigDataRules.ValidateImmutable(obj, old, ["data", "binaryData"], errors);
        Validate(type, obj, errors);
    }
}
