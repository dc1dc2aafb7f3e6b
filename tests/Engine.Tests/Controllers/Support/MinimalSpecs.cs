using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Controllers.Support;

/// <summary>
/// The smallest spec each kind's admission accepts, for controller tests that care about
/// metadata (owners, finalizers, namespaces) and not about what the object runs.
/// </summary>
internal static class MinimalSpecs
{
    private const string PodSpec = """{"containers":[{"name":"c","image":"busybox"}]}""";
    private const string JobPodSpec = """{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}""";

    /// <summary>Gives <paramref name="obj"/> a valid spec of its kind when it has none.</summary>
    public static JsonObject Fill(string plural, JsonObject obj)
    {
        if (obj.ContainsKey("spec") || For(plural) is not { } spec)
        {
            return obj;
        }

        obj["spec"] = JsonNode.Parse(spec);
        return obj;
    }

    private static string? For(string plural) => plural switch
    {
        "pods" => PodSpec,
        "deployments" or "replicasets" or "daemonsets" => Workload,
        "statefulsets" => """{"serviceName":"app",""" + Workload[1..],
        "jobs" => """{"template":{"spec":""" + JobPodSpec + "}}",
        "cronjobs" => """{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":{"spec":""" + JobPodSpec + "}}}}",
        "services" => """{"ports":[{"port":80}]}""",
        _ => null,
    };

    private const string Workload =
        """{"selector":{"matchLabels":{"app":"app"}},"template":{"metadata":{"labels":{"app":"app"}},"spec":""" + PodSpec + "}}";
}
