using System.Text;
using Berth.Agents.Config;
using Berth.Engine.Nodes;

namespace Berth.Agents.Pods;

/// <summary>What a container's environment came to, or why it cannot start (kubelet's CreateContainerConfigError).</summary>
public sealed record ResolvedEnvironment(IReadOnlyDictionary<string, string> Variables, string? Error)
{
    /// <summary>The env in order, as the engine takes it (<c>NAME=value</c>).</summary>
    public IReadOnlyList<string> ForEngine => [.. Variables.Select(v => $"{v.Key}={v.Value}")];
}

/// <summary>
/// A container's env as kubelet makes it: <c>envFrom</c> sources first (each key, prefixed), then
/// <c>env</c> in order (later names win), each value expanded against what came before; values from
/// ConfigMaps and Secrets this node holds, and from the pod itself (<c>fieldRef</c>). A missing
/// object or key that is not optional stops the container with Kubernetes' message.
/// </summary>
public static class ContainerEnvironment
{
    /// <param name="podIp">The pod's address (its infra container's), for <c>status.podIP</c>.</param>
    public static ResolvedEnvironment Resolve(PodManifest pod, ContainerManifest container, ConfigStore configs, NodeIdentity node, string podIp)
    {
        var ns = pod.Metadata.Namespace;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in container.EnvFrom ?? [])
        {
            var (kind, reference) = from.ConfigMapRef is { } map ? (ConfigReferences.ConfigMap, map) : (ConfigReferences.Secret, from.SecretRef!);
            if (configs.Data(kind, ns, reference.Name) is not { } data)
            {
                if (reference.Optional == true)
                {
                    continue;
                }

                return Failed($"{kind.ToLowerInvariant()} \"{reference.Name}\" not found");
            }

            foreach (var (key, value) in data)
            {
                variables[(from.Prefix ?? "") + key] = Encoding.UTF8.GetString(value);
            }
        }

        foreach (var env in container.Env ?? [])
        {
            if (env.ValueFrom is not { } source)
            {
                variables[env.Name] = VariableExpansion.Expand(env.Value ?? "", variables);
                continue;
            }

            if (source.FieldRef is { } field)
            {
                variables[env.Name] = DownwardApi.Field(pod, node, podIp, field.FieldPath);
                continue;
            }

            var (kind, keyRef) = source.ConfigMapKeyRef is { } mapKey ? (ConfigReferences.ConfigMap, mapKey) : (ConfigReferences.Secret, source.SecretKeyRef!);
            var values = configs.Data(kind, ns, keyRef.Name);
            if (values is not null && values.TryGetValue(keyRef.Key, out var bytes))
            {
                variables[env.Name] = Encoding.UTF8.GetString(bytes);
            }
            else if (keyRef.Optional != true)
            {
                return Failed(values is null
                    ? $"{kind.ToLowerInvariant()} \"{keyRef.Name}\" not found"
                    : $"couldn't find key {keyRef.Key} in {kind} {ns}/{keyRef.Name}");
            }
        }

        return new ResolvedEnvironment(variables, null);
    }

    private static ResolvedEnvironment Failed(string error) => new(new Dictionary<string, string>(), error);
}
