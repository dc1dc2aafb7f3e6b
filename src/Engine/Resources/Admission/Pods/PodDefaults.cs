using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// What Kubernetes fills into a Pod (never into a template): <c>SetDefaults_Pod</c> (service links,
/// requests from limits, host ports on the host network) and, on create, what its default
/// admission plugins add: the <c>default</c> service account, the not-ready and unreachable
/// tolerations of <c>DefaultTolerationSeconds</c>, and priority 0 from the <c>Priority</c> plugin.
/// </summary>
internal static class PodDefaults
{
    /// <summary>The five minutes a pod stays on a node that stops answering (DefaultTolerationSeconds).</summary>
    public const long TolerationSeconds = 300;

    private static readonly string[] TaintKeys = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

    public static void Apply(JsonObject spec)
    {
        spec.DefaultValue("enableServiceLinks", true);
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var (container, _) in spec.ArrayAt(list).Items())
            {
                RequestsFromLimits(container);
                if (spec.BoolAt("hostNetwork") == true)
                {
                    foreach (var (port, _) in container.ArrayAt("ports").Items())
                    {
                        if (port.IntegerAt("hostPort") is null or 0 && port.IntegerAt("containerPort") is { } containerPort)
                        {
                            port["hostPort"] = containerPort;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The admission plugins' additions, made once, when the pod is created.</summary>
    public static void ApplyOnCreate(JsonObject spec)
    {
        // The ServiceAccount plugin, and the deprecated serviceAccount field v1 mirrors it into.
        var account = spec.TextAt("serviceAccountName");
        if (account.Length == 0)
        {
            account = spec.TextAt("serviceAccount") is { Length: > 0 } legacy ? legacy : "default";
        }

        spec["serviceAccountName"] = account;
        spec["serviceAccount"] = account;
        AddDefaultTolerations(spec);
    }

    private static void AddDefaultTolerations(JsonObject spec)
    {
        var tolerations = spec.ArrayAt("tolerations");
        foreach (var key in TaintKeys)
        {
            var tolerated = tolerations.Items().Any(t =>
                (t.Item.TextAt("key") == key || (t.Item.TextAt("key").Length == 0 && t.Item.TextAt("operator") == "Exists"))
                && t.Item.TextAt("effect") is "" or "NoExecute");
            if (tolerated)
            {
                continue;
            }

            if (tolerations is null)
            {
                tolerations = [];
                spec["tolerations"] = tolerations;
            }

            tolerations.Add(new JsonObject
            {
                ["key"] = key,
                ["operator"] = "Exists",
                ["effect"] = "NoExecute",
                ["tolerationSeconds"] = TolerationSeconds,
            });
        }
    }

    // Only a Pod gets this (SetDefaults_Pod): a limit without a request is the request too.
    private static void RequestsFromLimits(JsonObject container)
    {
        if (container.ObjectAt("resources")?.ObjectAt("limits") is not { } limits)
        {
            return;
        }

        var requests = container.ObjectAt("resources")!.EnsureObject("requests");
        foreach (var (name, value) in limits)
        {
            if (!requests.ContainsKey(name))
            {
                requests[name] = value?.DeepClone();
            }
        }
    }
}
