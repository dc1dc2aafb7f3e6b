using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Engine.Controllers.NodeLifecycle;

/// <summary>A Node's Ready condition: read it, and set it keeping its times when its status does not change.</summary>
internal static class NodeReady
{
    public static JsonObject? Of(JsonObject node) =>
        node["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == "Ready") as JsonObject;

    /// <summary>Sets Ready in <paramref name="status"/>; false when it already had this status.</summary>
    public static bool Set(JsonObject status, string value, string reason, string message, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var ready = conditions.FirstOrDefault(c => (string?)c?["type"] == "Ready") as JsonObject;
        if ((string?)ready?["status"] == value)
        {
            return false;
        }

        if (ready is null)
        {
            ready = new JsonObject { ["type"] = "Ready" };
            conditions.Add(ready);
        }

        ready["status"] = value;
        ready["reason"] = reason;
        ready["message"] = message;
        ready["lastTransitionTime"] = Time(now);
        if (value == "True")
        {
            ready["lastHeartbeatTime"] = Time(now);
        }

        return true;
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
