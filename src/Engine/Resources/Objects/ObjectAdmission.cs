using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// What the API server does to an object before it is stored, as Kubernetes' generic registry
/// does: fills in identity (uid, creationTimestamp, generation, name from generateName, namespace
/// from the URL) and keeps what the server owns across updates; each kind's defaults and validation
/// (<see cref="KindPolicies"/>) run in between, so a refused object names every bad field at once.
/// </summary>
public static class ObjectAdmission
{
    // apimachinery's SimpleNameGenerator alphabet: no vowels (no words) and no look-alike digits.
    private const string GeneratedNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int GeneratedSuffixLength = 5;

    /// <summary>Makes <paramref name="obj"/> ready to create in <paramref name="namespace"/> (null for cluster-scoped kinds).</summary>
    public static void PrepareForCreate(ResourceType type, string? @namespace, JsonObject obj, DateTimeOffset now)
    {
        CheckTypeMeta(type, obj);
        var metadata = ObjectJson.Metadata(obj);
        SetNamespace(type, @namespace, metadata);

        var name = ObjectJson.String(metadata, "name");
        if (string.IsNullOrEmpty(name) && ObjectJson.String(metadata, "generateName") is { Length: > 0 } generateName)
        {
            name = generateName + RandomSuffix();
            metadata["name"] = name;
        }

        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(now);
        KindPolicies.AdmitCreate(type, obj);
        if (type.HasStatus)
        {
            metadata["generation"] = 1L;
            // The status subresource is the only way to write status, as in Kubernetes; each kind
            // says what a new object's status is (a Pending pod, an Active namespace).
            obj["status"] = KindPolicies.For(type).InitialStatus(obj);
        }
    }

    /// <summary>
    /// Builds the object to store when <paramref name="incoming"/> replaces <paramref name="current"/>:
    /// identity and, for kinds with a status subresource, status stay as they are; generation moves
    /// only when spec changed.
    /// </summary>
    public static JsonObject PrepareForUpdate(ResourceType type, string? @namespace, string name, JsonObject current, JsonObject incoming)
    {
        CheckTypeMeta(type, incoming);
        var metadata = ObjectJson.Metadata(incoming);
        SetNamespace(type, @namespace, metadata);
        var incomingName = ObjectJson.String(metadata, "name");
        if (string.IsNullOrEmpty(incomingName))
        {
            metadata["name"] = name;
        }
        else if (incomingName != name)
        {
            throw ResourceException.BadRequest($"the name of the object ({incomingName}) does not match the name on the URL ({name})");
        }

        var currentMetadata = ObjectJson.Metadata(current);
        foreach (var owned in new[] { "uid", "creationTimestamp", "generation" })
        {
            // Absent stays absent: a null would read back as "generation: null".
            if (currentMetadata[owned] is { } value)
            {
                metadata[owned] = value.DeepClone();
            }
            else
            {
                metadata.Remove(owned);
            }
        }

        if (type.HasStatus)
        {
            incoming["status"] = current["status"]?.DeepClone();
        }

        KindPolicies.AdmitUpdate(type, incoming, current);
        if (type.HasStatus)
        {
            if (!JsonNode.DeepEquals(incoming["spec"], current["spec"]))
            {
                metadata["generation"] = (currentMetadata["generation"]?.GetValue<long>() ?? 0) + 1;
            }
        }

        return incoming;
    }

    /// <summary>The object to store when only its status changes: everything but status stays as it is.</summary>
    public static JsonObject PrepareForStatusUpdate(ResourceType type, string name, JsonObject current, JsonObject incoming)
    {
        CheckTypeMeta(type, incoming);
        if (ObjectJson.String(ObjectJson.Metadata(incoming), "name") is { Length: > 0 } incomingName && incomingName != name)
        {
            throw ResourceException.BadRequest($"the name of the object ({incomingName}) does not match the name on the URL ({name})");
        }

        var result = (JsonObject)current.DeepClone();
        result["status"] = incoming["status"]?.DeepClone();
        return result;
    }

    /// <summary>Kubernetes' timestamp form: RFC 3339 in UTC, whole seconds.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void CheckTypeMeta(ResourceType type, JsonObject obj)
    {
        var apiVersion = ObjectJson.String(obj, "apiVersion");
        if (apiVersion is not null && apiVersion != type.ApiVersion)
        {
            throw ResourceException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        var kind = ObjectJson.String(obj, "kind");
        if (kind is not null && kind != type.Kind)
        {
            throw ResourceException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
    }

    private static void SetNamespace(ResourceType type, string? @namespace, JsonObject metadata)
    {
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var given = ObjectJson.String(metadata, "namespace");
        if (!string.IsNullOrEmpty(given) && given != @namespace)
        {
            throw ResourceException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = @namespace;
    }

    private static string RandomSuffix() =>
        string.Create(GeneratedSuffixLength, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = GeneratedNameAlphabet[RandomNumberGenerator.GetInt32(GeneratedNameAlphabet.Length)];
            }
        });
}
