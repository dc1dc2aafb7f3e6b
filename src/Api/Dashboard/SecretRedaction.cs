using System.Text.Json.Nodes;
using Berth.Engine.Resources;

namespace Berth.Api.Dashboard;

/// <summary>
/// A Secret as the dashboard may show it before anyone asks for a value: every value of data and
/// stringData replaced by <see cref="Hidden"/>, and kubectl's last-applied annotation (a copy of
/// the whole Secret, values included, when it was applied client-side) replaced too. Values come
/// out only through <see cref="DashboardSecrets.RevealAsync"/>, which is audited.
/// </summary>
internal static class SecretRedaction
{
    /// <summary>
    /// What a hidden value reads as. Not base64, so a redacted Secret sent back as it is (an edit of
    /// its YAML) is refused by validation instead of overwriting the real values.
    /// </summary>
    public const string Hidden = "•••";

    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary><paramref name="obj"/> itself for any other kind; a redacted copy for a Secret.</summary>
    public static JsonObject Redact(ResourceType type, JsonObject obj)
    {
        if (type is not { Group: "", Plural: "secrets" })
        {
            return obj;
        }

        var copy = (JsonObject)obj.DeepClone();
        foreach (var field in new[] { "data", "stringData" })
        {
            if (copy[field] is JsonObject values)
            {
                foreach (var key in values.Select(v => v.Key).ToList())
                {
                    values[key] = Hidden;
                }
            }
        }

        if (copy["metadata"]?["annotations"] is JsonObject annotations && annotations.ContainsKey(LastApplied))
        {
            annotations[LastApplied] = Hidden;
        }

        return copy;
    }
}
