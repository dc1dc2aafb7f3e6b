using System.Globalization;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Resources.Admission;

namespace Berth.Agents.Pods;

/// <summary>
/// Turns one container of a pod into the Engine API's create request, as kubelet's Docker shim did:
/// <c>command</c> replaces the image's entrypoint and <c>args</c> its cmd (a command without args
/// drops the image's cmd, as Kubernetes documents), limits become the engine's memory and CPU
/// quota, and every declared port is published on the node's address: on its hostPort when it
/// names one, else on a free port the engine picks and the status reports.
/// </summary>
public static class ContainerSpecBuilder
{
    public static ContainerSpec Build(NodeIdentity node, PodManifest pod, ContainerManifest container, int attempt)
    {
        var ports = container.Ports ?? [];
        return new ContainerSpec
        {
            Image = container.Image,
            Entrypoint = container.Command is { Count: > 0 } command ? command : null,
            Cmd = container.Args is { Count: > 0 } args ? args : null,
            Env = [.. (container.Env ?? []).Select(env => $"{env.Name}={env.Value}")],
            WorkingDir = string.IsNullOrEmpty(container.WorkingDir) ? null : container.WorkingDir,
            Labels = ContainerLabels.For(node.Name, pod, container, attempt),
            ExposedPorts = ports.Count == 0 ? null : ports.ToDictionary(PortKey, _ => EmptyObject.Value),
            HostConfig = new HostConfig
            {
                Memory = Limit(container, "memory") is { } memory ? (long)memory : 0,
                NanoCpus = Limit(container, "cpu") is { } cpu ? (long)(cpu * 1_000_000_000m) : 0,
                PortBindings = ports.Count == 0
                    ? null
                    : ports.ToDictionary(PortKey, port => (IReadOnlyList<PortBinding>)
                        [new PortBinding(node.Address, port.HostPort is { } host and > 0 ? host.ToString(CultureInfo.InvariantCulture) : "")]),
            },
        };
    }

    /// <summary>The engine's key for a port: <c>8080/tcp</c>.</summary>
    public static string PortKey(PortManifest port) =>
        $"{port.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{port.Protocol.ToLowerInvariant()}";

    private static decimal? Limit(ContainerManifest container, string resource) =>
        container.Resources?.Limits is { } limits && limits.TryGetValue(resource, out var text) ? Quantity.Parse(text) : null;
}
