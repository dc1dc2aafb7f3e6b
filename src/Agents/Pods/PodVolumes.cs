using Berth.Agents.Config;
using Berth.Engine.Nodes;

namespace Berth.Agents.Pods;

/// <summary>A pod's volumes on this node, ready to bind into its containers, or why they are not.</summary>
public sealed record PreparedVolumes(IReadOnlyDictionary<string, string> HostPaths, string? Error);

/// <summary>
/// A pod's volumes as kubelet lays them out, under <c>{root}/{pod uid}/volumes/{name}</c>: emptyDir
/// is a directory shared by the pod's containers for the pod's life; configMap and secret volumes
/// hold one file per key (or per <c>items</c> entry, at its path and mode), rewritten whenever the
/// object changes (each file replaced whole, so a reader never sees half of one) and mounted
/// read-only; hostPath is the node's own path (made when its type is DirectoryOrCreate). Removed
/// with the pod.
/// </summary>
public sealed class PodVolumes(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public PreparedVolumes Prepare(PodManifest pod, ConfigStore configs)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
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
            var (kind, name, items, mode, optional) = volume switch
            {
                { ConfigMap: { } map } => (ConfigReferences.ConfigMap, map.Name, map.Items, map.DefaultMode, map.Optional),
                { Secret: { } secret } => (ConfigReferences.Secret, secret.SecretName, secret.Items, secret.DefaultMode, secret.Optional),
                _ => (null, null, null, null, null), // emptyDir (and kinds not yet supported): an empty directory
            };
            if (kind is null)
            {
                continue;
            }

            var data = configs.Data(kind, pod.Metadata.Namespace, name!);
            if (data is null && optional != true)
            {
                return new PreparedVolumes(paths, $"{kind.ToLowerInvariant()} \"{name}\" not found");
            }

            if (Write(directory, data ?? new Dictionary<string, byte[]>(), items, mode ?? 420) is { } error)
            {
                return new PreparedVolumes(paths, $"volume {volume.Name}: {error}");
            }
        }

        return new PreparedVolumes(paths, null);
    }

    /// <summary><c>host:container[:ro]</c> for each of the container's mounts (a subPath mounts that part of the volume).</summary>
    public static IReadOnlyList<string> Binds(PodManifest pod, ContainerManifest container, PreparedVolumes volumes)
    {
        var readOnly = (pod.Spec.Volumes ?? []).Where(v => v.ConfigMap is not null || v.Secret is not null).Select(v => v.Name).ToHashSet();
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

    /// <summary>Makes the directory hold exactly these files; null when it does, else what went wrong.</summary>
    private static string? Write(string directory, IReadOnlyDictionary<string, byte[]> data, IReadOnlyList<KeyToPath>? items, int defaultMode)
    {
        var wanted = items is null
            ? data.Select(pair => (Path: pair.Key, Bytes: pair.Value, Mode: defaultMode)).ToList()
            : [.. items.Where(item => data.ContainsKey(item.Key)).Select(item => (item.Path, data[item.Key], item.Mode ?? defaultMode))];
        foreach (var (relative, bytes, mode) in wanted)
        {
            var file = Path.GetFullPath(Path.Combine(directory, relative));
            if (!file.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return $"path {relative} leaves the volume";
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            if (File.Exists(file) && File.ReadAllBytes(file).AsSpan().SequenceEqual(bytes))
            {
                continue;
            }

            var temporary = file + ".berth-tmp";
            File.WriteAllBytes(temporary, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, (UnixFileMode)mode);
            }

            File.Move(temporary, file, overwrite: true);
        }

        var keep = wanted.Select(w => Path.GetFullPath(Path.Combine(directory, w.Path))).ToHashSet();
        foreach (var stale in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => !keep.Contains(f)))
        {
            File.Delete(stale);
        }

        return null;
    }
}
