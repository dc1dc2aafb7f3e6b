using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Api.Agents;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Selectors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Kubernetes.Metrics;

/// <summary>
/// <c>metrics.k8s.io/v1beta1</c>, as kube's metrics-server serves it through the aggregator, so
/// <c>kubectl top pods</c> and <c>kubectl top nodes</c> work: PodMetrics and NodeMetrics, get and
/// list (label and field selectors apply to the pods and nodes themselves), built from the samples
/// agents report (<see cref="UsageSamples"/>: to this replica, or to another and shared through
/// the nodes' heartbeats). Only pods and nodes that exist and have a live sample are listed. Every member may read them (they are reads, and the group
/// is not a stored kind, so <c>WorkspaceRights</c> does not see them as resources).
/// </summary>
internal static class MetricsEndpoints
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";
    public static readonly GroupVersion GroupVersion = new(Group, Version);

    private const string Prefix = "/apis/" + Group + "/" + Version;
    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;
    private static readonly ResourceType Nodes = ResourceRegistry.BuiltIn.FindKind("", "Node")!;

    public static RouteGroupBuilder MapMetrics(this RouteGroupBuilder workspace)
    {
        workspace.MapGet(Prefix, () => KubeResults.Json(ResourceList()));
        workspace.MapGet(Prefix + "/pods", (HttpContext context, string workspace, ResourceObjects objects, UsageSamples samples) =>
            ListPodsAsync(context, workspace, null, objects, samples));
        workspace.MapGet(Prefix + "/namespaces/{namespace}/pods", (HttpContext context, string workspace, string @namespace, ResourceObjects objects, UsageSamples samples) =>
            ListPodsAsync(context, workspace, @namespace, objects, samples));
        workspace.MapGet(Prefix + "/namespaces/{namespace}/pods/{name}", GetPodAsync);
        workspace.MapGet(Prefix + "/nodes", ListNodesAsync);
        workspace.MapGet(Prefix + "/nodes/{name}", GetNodeAsync);
        return workspace;
    }

    /// <summary>The group's entry in <c>/apis</c>.</summary>
    public static JsonObject GroupEntry()
    {
        JsonObject Version() => new() { ["groupVersion"] = GroupVersion.ToString(), ["version"] = MetricsEndpoints.Version };
        return new JsonObject { ["name"] = Group, ["versions"] = new JsonArray(Version()), ["preferredVersion"] = Version() };
    }

    public static JsonObject ResourceList()
    {
        JsonObject Resource(string name, string singular, bool namespaced, string kind) => new()
        {
            ["name"] = name,
            ["singularName"] = singular,
            ["namespaced"] = namespaced,
            ["kind"] = kind,
            ["verbs"] = new JsonArray("get", "list"),
        };
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = GroupVersion.ToString(),
            ["resources"] = new JsonArray(Resource("nodes", "", false, "NodeMetrics"), Resource("pods", "", true, "PodMetrics")),
        };
    }

    private static async Task<IResult> ListPodsAsync(HttpContext context, string workspace, string? @namespace, ResourceObjects objects, UsageSamples samples)
    {
        var (options, error) = Selectors(context.Request.Query, Pods);
        if (options is null)
        {
            return error!;
        }

        var live = PodSamples(samples, workspace);
        var pods = await objects.ListAsync(workspace, Pods, @namespace, options, context.RequestAborted);
        var items = pods.Items.Select(p => live.TryGetValue((string)p["metadata"]!["uid"]!, out var s) ? PodMetrics(p, s.Report, s.Sample) : null).OfType<JsonNode>();
        return KubeResults.Json(List("PodMetricsList", items));
    }

    private static async Task<IResult> GetPodAsync(HttpContext context, string workspace, string @namespace, string name, ResourceObjects objects, UsageSamples samples)
    {
        var pod = await new ObjectClient(objects).GetAsync(workspace, Pods, @namespace, name, context.RequestAborted);
        return pod is not null && PodSamples(samples, workspace).TryGetValue((string)pod["metadata"]!["uid"]!, out var s)
            ? KubeResults.Json(PodMetrics(pod, s.Report, s.Sample))
            : NotFound("pods", "podmetrics", name);
    }

    private static async Task<IResult> ListNodesAsync(HttpContext context, string workspace, ResourceObjects objects, UsageSamples samples)
    {
        var (options, error) = Selectors(context.Request.Query, Nodes);
        if (options is null)
        {
            return error!;
        }

        var live = NodeSamples(samples, workspace);
        var nodes = await objects.ListAsync(workspace, Nodes, null, options, context.RequestAborted);
        var items = nodes.Items.Select(n => live.TryGetValue((string)n["metadata"]!["name"]!, out var r) ? NodeMetrics(n, r) : null).OfType<JsonNode>();
        return KubeResults.Json(List("NodeMetricsList", items));
    }

    private static async Task<IResult> GetNodeAsync(HttpContext context, string workspace, string name, ResourceObjects objects, UsageSamples samples)
    {
        var node = await new ObjectClient(objects).GetAsync(workspace, Nodes, null, name, context.RequestAborted);
        return node is not null && NodeSamples(samples, workspace).TryGetValue(name, out var r)
            ? KubeResults.Json(NodeMetrics(node, r))
            : NotFound("nodes", "nodemetrics", name);
    }

    private static Dictionary<string, (MetricsReport Report, PodMetricsSample Sample)> PodSamples(UsageSamples samples, string workspace) =>
        samples.Of(workspace).SelectMany(r => r.Report.Pods.Select(p => (r.Report, Sample: p))).DistinctBy(p => p.Sample.Pod.Uid).ToDictionary(p => p.Sample.Pod.Uid);

    private static Dictionary<string, MetricsReport> NodeSamples(UsageSamples samples, string workspace) =>
        samples.Of(workspace).Where(r => r.Report.Node is not null).ToDictionary(r => r.Node, r => r.Report);

    private static JsonObject PodMetrics(JsonObject pod, MetricsReport report, PodMetricsSample sample) => new()
    {
        ["kind"] = "PodMetrics",
        ["apiVersion"] = GroupVersion.ToString(),
        ["metadata"] = Metadata(pod, report),
        ["timestamp"] = Timestamp(report.Timestamp),
        ["window"] = GoDuration.Format(report.Window),
        ["containers"] = new JsonArray([.. sample.Containers.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["usage"] = Usage(c.Usage) })]),
    };

    private static JsonObject NodeMetrics(JsonObject node, MetricsReport report) => new()
    {
        ["kind"] = "NodeMetrics",
        ["apiVersion"] = GroupVersion.ToString(),
        ["metadata"] = Metadata(node, report),
        ["timestamp"] = Timestamp(report.Timestamp),
        ["window"] = GoDuration.Format(report.Window),
        ["usage"] = Usage(report.Node!),
    };

    /// <summary>As metrics-server writes it: the object's name, namespace and labels, created when sampled.</summary>
    private static JsonObject Metadata(JsonObject obj, MetricsReport report)
    {
        var metadata = new JsonObject { ["name"] = obj["metadata"]!["name"]!.DeepClone() };
        if (obj["metadata"]!["namespace"] is { } ns)
        {
            metadata["namespace"] = ns.DeepClone();
        }

        metadata["creationTimestamp"] = Timestamp(report.Timestamp);
        if (obj["metadata"]!["labels"] is { } labels)
        {
            metadata["labels"] = labels.DeepClone();
        }

        return metadata;
    }

    private static JsonObject List(string kind, IEnumerable<JsonNode> items) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = GroupVersion.ToString(),
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. items]),
    };

    private static JsonObject Usage(ResourceUsage usage) => new() { ["cpu"] = Cpu(usage.CpuNanoCores), ["memory"] = Memory(usage.MemoryWorkingSetBytes) };

    /// <summary>Nanocores as a Kubernetes quantity: <c>12m</c> when whole millicores, else <c>1234567n</c> (metrics-server's form).</summary>
    public static string Cpu(long nanoCores) =>
        nanoCores == 0 ? "0" : nanoCores % 1_000_000 == 0 ? $"{nanoCores / 1_000_000}m".ToString(CultureInfo.InvariantCulture) : nanoCores.ToString(CultureInfo.InvariantCulture) + "n";

    /// <summary>Bytes as a Kubernetes quantity: <c>12345Ki</c> when whole kibibytes (metrics-server's form), else bytes.</summary>
    public static string Memory(long bytes) =>
        bytes != 0 && bytes % 1024 == 0 ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki" : bytes.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The list's label and field selectors, or the 400 kube-apiserver gives for a bad one.</summary>
    private static (ListOptions? Options, IResult? Error) Selectors(IQueryCollection query, ResourceType type)
    {
        try
        {
            return (new ListOptions { Labels = LabelSelector.Parse(query["labelSelector"]), Fields = FieldSelector.Parse(query["fieldSelector"], type) }, null);
        }
        catch (FormatException e)
        {
            return (null, KubeResults.Status(400, "BadRequest", e.Message));
        }
    }

    private static IResult NotFound(string resource, string kind, string name) =>
        KubeResults.Status(404, "NotFound", $"{kind}.{Group} \"{name}\" not found",
            new JsonObject { ["name"] = name, ["group"] = Group, ["kind"] = resource });
}
