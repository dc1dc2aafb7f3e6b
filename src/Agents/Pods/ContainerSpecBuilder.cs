using System.Globalization;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Resources.Admission;

namespace Berth.Agents.Pods;

/// <summary>
/// Turns one container of a pod into the Engine API's create request, as kubelet's Docker shim did:
/// <c>command</c> replaces the image's entrypoint and <c>args</c> its cmd (a command without args
/// drops the image's cmd, as Kubernetes documents; both with <c>$(VAR)</c> expanded from the
/// env), the resolved env, the volume mounts as binds, limits become the engine's memory and CPU
/// quota, and every declared port is published on the node's address: on its hostPort when it
/// names one, else on a free port the engine picks and the status reports.
/// </summary>
public static class ContainerSpecBuilder
{
    public static ContainerSpec Build(NodeIdentity node, PodManifest pod, ContainerManifest container, int attempt,
        ResolvedEnvironment environment, IReadOnlyList<string> binds)
    {
        var ports = container.Ports ?? [];
        var variables = environment.Variables;
        return new ContainerSpec
        {
            Image = container.Image,
            Entrypoint = container.Command is { Count: > 0 } command ? [.. command.Select(c => VariableExpansion.Expand(c, variables))] : null,
            Cmd = container.Args is { Count: > 0 } args ? [.. args.Select(a => VariableExpansion.Expand(a, variables))] : null,
            Env = environment.ForEngine,
            WorkingDir = string.IsNullOrEmpty(container.WorkingDir) ? null : container.WorkingDir,
            Labels = ContainerLabels.For(node.Name, pod, container, attempt),
            ExposedPorts = ports.Count == 0 ? null : ports.ToDictionary(PortKey, _ => EmptyObject.Value),
            HostConfig = new HostConfig
            {
                Binds = binds.Count == 0 ? null : binds,
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
