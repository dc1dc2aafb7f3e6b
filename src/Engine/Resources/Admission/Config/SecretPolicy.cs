using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Admission.Config;

/// <summary>
/// Secrets: type Opaque by default, <c>stringData</c> folded into <c>data</c> (Kubernetes never
/// stores stringData), base64 data, the keys each built-in type requires, a type that never
/// changes, and data frozen once immutable.
/// </summary>
internal sealed class SecretPolicy : KindPolicy
{
    private static readonly FieldPath Data = FieldPath.Root("data");

    public override void Default(JsonObject obj)
    {
        obj.DefaultString("type", "Opaque");
        if (obj.ObjectAt("stringData") is { } stringData)
        {
            var data = obj.EnsureObject("data");
            foreach (var (key, value) in stringData.StringPairs())
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
            }
        }

        obj.Remove("stringData");
    }

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var data = obj.ObjectAt("data");
        foreach (var (_, value) in data.StringPairs())
        {
            if (Base64.Decode(value) is null)
            {
                // Kubernetes fails to decode the body at all: a bad request, not an invalid object.
                throw ResourceException.BadRequest($"Secret in version \"v1\" cannot be handled as a Secret: {Base64.Error(value)}");
            }
        }

        var size = ConfigDataRules.ValidateKeys(obj, "data", Base64.DecodedLength, errors);
        if (size > ConfigDataRules.MaxSize)
        {
            errors.TooLong(Data, ConfigDataRules.MaxSize);
        }

        switch (obj.TextAt("type"))
        {
            case "kubernetes.io/service-account-token":
                if (obj.ObjectAt("metadata")?.ObjectAt("annotations")?.TextAt("kubernetes.io/service-account.name") is null or "")
                {
                    errors.Required(FieldPath.Root("metadata").Child("annotations").Key("kubernetes.io/service-account.name"));
                }

                break;
            case "kubernetes.io/dockercfg":
                RequireJson(data, ".dockercfg", errors);
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireJson(data, ".dockerconfigjson", errors);
                break;
            case "kubernetes.io/basic-auth":
                if (data?.ContainsKey("username") != true && data?.ContainsKey("password") != true)
                {
                    errors.Required(Data.Key("username"));
                    errors.Required(Data.Key("password"));
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (Base64.DecodedLength(data?.TextAt("ssh-privatekey") ?? "") == 0)
                {
                    errors.Required(Data.Key("ssh-privatekey"));
                }

                break;
            case "kubernetes.io/tls":
                foreach (var key in new[] { "tls.crt", "tls.key" })
                {
                    if (data?.ContainsKey(key) != true)
                    {
                        errors.Required(Data.Key(key));
                    }
                }

                break;
        }
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        var secretType = obj.TextAt("type");
        if (secretType != old.TextAt("type"))
        {
            errors.Invalid(FieldPath.Root("type"), secretType, Validation.ValidationMessages.Immutable);
        }

        ConfigDataRules.ValidateImmutable(obj, old, ["data"], errors);
        Validate(type, obj, errors);
    }

    private static void RequireJson(JsonObject? data, string key, FieldErrors errors)
    {
        if (data?.StringAt(key) is not { } encoded)
        {
            errors.Required(Data.Key(key));
            return;
        }

        try
        {
            if (JsonNode.Parse(Base64.Decode(encoded) ?? []) is not JsonObject)
            {
                errors.Invalid(Data.Key(key), "<secret contents redacted>", "json: cannot unmarshal into Go value of type map[string]interface {}");
            }
        }
        catch (JsonException e)
        {
            errors.Invalid(Data.Key(key), "<secret contents redacted>", e.Message);
        }
    }
}
