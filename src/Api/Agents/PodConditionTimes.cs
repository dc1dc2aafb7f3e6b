using System.Text.Json.Nodes;

namespace Berth.Api.Agents;

/// <summary>
/// A condition's <c>lastTransitionTime</c> is when its status last changed, not when it was last
/// reported: conditions the agent reports with the status they already had keep their stored time,
/// so an unchanged pod reports an unchanged status and writes no revision.
/// </summary>
internal static class PodConditionTimes
{
    public static JsonObject Carry(JsonObject? current, JsonObject reported)
    {
        if (current?["conditions"] is not JsonArray before || reported["conditions"] is not JsonArray after)
        {
            return reported;
        }

        foreach (var condition in after.OfType<JsonObject>())
        {
            var type = (string?)condition["type"];
            if (before.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type) is { } old
                && (string?)old["status"] == (string?)condition["status"])
            {
                condition["lastTransitionTime"] = old["lastTransitionTime"]?.DeepClone();
            }
        }

        return reported;
    }
}
