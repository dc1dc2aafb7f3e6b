using System.Globalization;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Resources.Admission;

namespace Berth.Agents.Pods;

/// <summary>
/// Turns one container of a pod into the Engine API's create request, as kubelet's Docker shim did:
/// <c>command</c> replaces the image's entrypoint and <c>args</c> its cmd (a command without args
/// drops the image's cmd, as Kubernetes documents; both with <c>$(VAR)</c> expanded from the
/// env), the resolved env, the volume mounts as binds, limits become the engine's memory and CPU
/// quota, and the container joins its pod's network namespace (that of the infra container,
/// <see cref="Infra"/>), where the pod's ports are published.
/// </summary>
public static class ContainerSpecBuilder
{
    public static ContainerSpec Build(NodeIdentity node, PodManifest pod, ContainerManifest container, int attempt,
        ResolvedEnvironment environment, IReadOnlyList<string> binds, string infraId)
    {
        var variables = environment.Variables;
        return new ContainerSpec
        {
            Image = container.Image,
            Entrypoint = container.Command is { Count: > 0 } command ? [.. command.Select(c => VariableExpansion.Expand(c, variables))] : null,
            Cmd = container.Args is { Count: > 0 } args ? [.. args.Select(a => VariableExpansion.Expand(a, variables))] : null,
            Env = environment.ForEngine,
            WorkingDir = string.IsNullOrEmpty(container.WorkingDir) ? null : container.WorkingDir,
            Labels = ContainerLabels.For(node.Name, pod, container.Name, attempt, SidecarOrder(pod, container)),
            HostConfig = new HostConfig
            {
                Binds = binds.Count == 0 ? null : binds,
                Memory = Limit(container, "memory") is { } memory ? (long)memory : 0,
                NanoCpus = Limit(container, "cpu") is { } cpu ? (long)(cpu * 1_000_000_000m) : 0,
                NetworkMode = "container:" + infraId,
            },
        };
    }

    /// <summary>
    /// The pod's infra container (dockershim's sandbox): the pause program, holding the network
    /// namespace (and host name) every container of the pod joins, and publishing every port the pod's containers
    /// declare on the node's address, on its hostPort when it names one, else on a free port the
    /// engine picks (ports can only be published by the container that owns the namespace).
    /// </summary>
    public static ContainerSpec Infra(NodeIdentity node, PodManifest pod, int attempt)
    {
        var ports = pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).SelectMany(c => c.Ports ?? []).GroupBy(PortKey).ToList();
        return new ContainerSpec
        {
            Image = PauseImage.Image,
            // The pod's host name, which every container of it shares: spec.hostname, else the pod's name cut to 63 characters, as kubelet does.
            Hostname = pod.Spec.Hostname is { Length: > 0 } hostname ? hostname : pod.Metadata.Name[..Math.Min(63, pod.Metadata.Name.Length)].TrimEnd('-', '.'),
            Labels = ContainerLabels.For(node.Name, pod, ContainerLabels.Infra, attempt),
            ExposedPorts = ports.Count == 0 ? null : ports.ToDictionary(p => p.Key, _ => EmptyObject.Value),
            HostConfig = new HostConfig
            {
                PortBindings = ports.Count == 0
                    ? null
                    : ports.ToDictionary(p => p.Key, p => (IReadOnlyList<PortBinding>)[.. p.Select(port =>
                        new PortBinding(node.Address, port.HostPort is { } host and > 0 ? host.ToString(CultureInfo.InvariantCulture) : ""))]),
            },
        };
    }

    /// <summary>A sidecar's place among the pod's init containers (the order sidecars start in); null for any other container.</summary>
    private static int? SidecarOrder(PodManifest pod, ContainerManifest container)
    {
        var inits = pod.Spec.InitContainers ?? [];
        for (var i = 0; i < inits.Count; i++)
        {
            if (inits[i].Name == container.Name)
            {
                return inits[i].IsSidecar ? i : null;
            }
        }

        return null;
    }

    /// <summary>The engine's key for a port: <c>8080/tcp</c>.</summary>
    public static string PortKey(PortManifest port) =>
        $"{port.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{port.Protocol.ToLowerInvariant()}";

    private static decimal? Limit(ContainerManifest container, string resource) =>
        container.Resources?.Limits is { } limits && limits.TryGetValue(resource, out var text) ? Quantity.Parse(text) : null;
}
