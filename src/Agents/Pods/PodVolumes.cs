using System.Text;
using Berth.Agents.Config;
using Berth.Engine.Nodes;

namespace Berth.Agents.Pods;

/// <summary>A pod's volumes on this node, ready to bind into its containers, or why they are not.</summary>
/// <param name="Skipped">Parts of volumes left out, each saying why (a serviceAccountToken projection: Berth has no service account tokens yet).</param>
public sealed record PreparedVolumes(IReadOnlyDictionary<string, string> HostPaths, string? Error, IReadOnlyList<string>? Skipped = null);

/// <summary>
/// A pod's volumes as kubelet lays them out, under <c>{root}/{pod uid}/volumes/{name}</c>: emptyDir
/// is a directory shared by the pod's containers for the pod's life; configMap and secret volumes
/// hold one file per key (or per <c>items</c> entry, at its path and mode), downwardAPI volumes one
/// file per item (a field of the pod or a container's resource), projected volumes the files of all
/// their sources; all of these are rewritten whenever the object or the pod changes, the whole set
/// swapped at once (<see cref="AtomicWriter"/>, so a reader never sees some files new and some old),
/// and mounted read-only; hostPath is the
/// node's own path (made when its type is DirectoryOrCreate). Removed with the pod.
/// </summary>
public sealed class PodVolumes(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>0644, the mode of a file whose volume and item name none.</summary>
    private const int DefaultMode = 420;

    /// <param name="podIp">The pod's address, for downward API files.</param>
    public PreparedVolumes Prepare(PodManifest pod, ConfigStore configs, NodeIdentity node, string podIp)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? skipped = null;
        // Secrets land under here: only the agent's own user may look.
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            var directory = Path.Combine(Root, pod.Uid, "volumes", volume.Name);
            if (volume.HostPath is { } host)
            {
                if (host.Type is "DirectoryOrCreate")
                {
                    Directory.CreateDirectory(host.Path);
                }

                paths[volume.Name] = host.Path;
                continue;
            }

            Directory.CreateDirectory(directory);
            paths[volume.Name] = directory;
            if (volume.ConfigMap is null && volume.Secret is null && volume.DownwardAPI is null && volume.Projected is null)
            {
                continue; // emptyDir (and kinds not yet supported): an empty directory, its files the containers'
            }

            var files = new List<VolumeFile>();
            var error = volume switch
            {
                { ConfigMap: { } map } => AddObject(files, pod, configs, ConfigReferences.ConfigMap, map.Name, map.Items, map.DefaultMode ?? DefaultMode, map.Optional),
                { Secret: { } secret } => AddObject(files, pod, configs, ConfigReferences.Secret, secret.SecretName, secret.Items, secret.DefaultMode ?? DefaultMode, secret.Optional),
                { DownwardAPI: { } downward } => AddDownward(files, pod, node, podIp, downward.Items, downward.DefaultMode ?? DefaultMode),
                _ => AddProjected(files, pod, configs, node, podIp, volume.Name, volume.Projected!, ref skipped),
            };
            if ((error ?? AtomicWriter.Write(directory, files)) is { } failed)
            {
                return new PreparedVolumes(paths, error is null ? $"volume {volume.Name}: {failed}" : failed, skipped);
            }
        }

        return new PreparedVolumes(paths, null, skipped);
    }

    /// <summary><c>host:container[:ro]</c> for each of the container's mounts (a subPath mounts that part of the volume).</summary>
    public static IReadOnlyList<string> Binds(PodManifest pod, ContainerManifest container, PreparedVolumes volumes)
    {
        var readOnly = (pod.Spec.Volumes ?? []).Where(v => v.ConfigMap is not null || v.Secret is not null || v.DownwardAPI is not null || v.Projected is not null)
            .Select(v => v.Name).ToHashSet();
        return [.. (container.VolumeMounts ?? [])
            .Where(mount => volumes.HostPaths.ContainsKey(mount.Name))
            .Select(mount =>
            {
                var source = volumes.HostPaths[mount.Name];
                if (mount.SubPath is { Length: > 0 } sub)
                {
                    source = Path.Combine(source, sub);
                    if (!File.Exists(source))
                    {
                        Directory.CreateDirectory(source);
                    }
                }

                return $"{source}:{mount.MountPath}{(mount.ReadOnly || readOnly.Contains(mount.Name) ? ":ro" : "")}";
            })];
    }

    public void Remove(string podUid)
    {
        var directory = Path.Combine(Root, podUid);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The files of a ConfigMap or Secret (every key, or the <c>items</c>), or why there are none.</summary>
    private static string? AddObject(List<VolumeFile> files, PodManifest pod, ConfigStore configs, string kind, string name,
        IReadOnlyList<KeyToPath>? items, int defaultMode, bool? optional)
    {
        var data = configs.Data(kind, pod.Metadata.Namespace, name);
        if (data is null)
        {
            return optional == true ? null : $"{kind.ToLowerInvariant()} \"{name}\" not found";
        }

        files.AddRange(items is null
            ? data.Select(pair => new VolumeFile(pair.Key, pair.Value, defaultMode))
            : items.Where(item => data.ContainsKey(item.Key)).Select(item => new VolumeFile(item.Path, data[item.Key], item.Mode ?? defaultMode)));
        return null;
    }

    /// <summary>The files of a downwardAPI volume or projection: pod fields (labels and annotations as kubelet formats them) and containers' resources.</summary>
    private static string? AddDownward(List<VolumeFile> files, PodManifest pod, NodeIdentity node, string podIp, IReadOnlyList<DownwardApiFile>? items, int defaultMode)
    {
        foreach (var item in items ?? [])
        {
            var text = item.FieldRef is { } field
                ? DownwardApi.Field(pod, node, podIp, field.FieldPath)
                : item.ResourceFieldRef is { } resource
                    ? DownwardApi.Resource(pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).FirstOrDefault(c => c.Name == resource.ContainerName),
                        resource.Resource, resource.Divisor, NodeCapacity.Value)
                    : "";
            files.Add(new VolumeFile(item.Path, Encoding.UTF8.GetBytes(text), item.Mode ?? defaultMode));
        }

        return null;
    }

    /// <summary>
    /// The files of every source of a projected volume in one directory. A serviceAccountToken
    /// source is left out (noted in <paramref name="skipped"/>): Berth issues no service account tokens yet.
    /// </summary>
    private static string? AddProjected(List<VolumeFile> files, PodManifest pod, ConfigStore configs, NodeIdentity node, string podIp, string volume,
        ProjectedVolumeSource projected, ref List<string>? skipped)
    {
        var mode = projected.DefaultMode ?? DefaultMode;
        foreach (var source in projected.Sources ?? [])
        {
            var error = source switch
            {
                { ConfigMap: { } map } => AddObject(files, pod, configs, ConfigReferences.ConfigMap, map.Name, map.Items, mode, map.Optional),
                { Secret: { } secret } => AddObject(files, pod, configs, ConfigReferences.Secret, secret.Name, secret.Items, mode, secret.Optional),
                { DownwardAPI: { } downward } => AddDownward(files, pod, node, podIp, downward.Items, mode),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }

            if (source.ServiceAccountToken is not null || source.ClusterTrustBundle is not null)
            {
                (skipped ??= []).Add($"volume {volume}: {(source.ServiceAccountToken is not null ? "serviceAccountToken" : "clusterTrustBundle")} "
                    + "projection skipped: Berth has no service account tokens or trust bundles yet");
            }
        }

        return null;
    }

    private static readonly Lazy<IReadOnlyDictionary<string, string>> NodeCapacity = new(NodeFacts.Capacity);
}
