using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Api.Dashboard;

/// <summary>
/// Hides a Secret's values in the history the dashboard shows, yet keeps its diffs telling: each
/// value becomes a short keyed hash, with a key drawn afresh for each history read, so equal values
/// look equal and changed ones differ within one read, but no mark can be tried against guesses later.
/// </summary>
internal sealed class SecretValueMask
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public JsonObject Apply(JsonObject secret)
    {
        var masked = secret.DeepClone().AsObject();
        foreach (var field in (string[])["data", "stringData"])
        {
            if (masked[field] is JsonObject values)
            {
                foreach (var name in values.Select(p => p.Key).ToList())
                {
                    var mark = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(values[name]?.ToJsonString() ?? "")))[..10];
                    values[name] = $"(hidden, {mark})";
                }
            }
        }

        return masked;
    }
}
