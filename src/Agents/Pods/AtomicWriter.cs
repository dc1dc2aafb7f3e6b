using System.Globalization;
using System.Runtime.InteropServices;

namespace Berth.Agents.Pods;

/// <summary>One file of a configMap, secret, downwardAPI or projected volume: its path in the volume, content and mode.</summary>
public sealed record VolumeFile(string Path, byte[] Bytes, int Mode);

/// <summary>
/// kubelet's AtomicWriter: a volume's files are swapped as one set, so a reader never sees some new
/// and some old. They live in a timestamped directory (<c>..2026_12_08_01_02_03.123456789</c>), the
/// symlink <c>..data</c> points at it, and each name at the top of the volume is a symlink through
/// it (<c>key -> ..data/key</c>). A change writes a new timestamped directory, points a new
/// symlink at it and renames that over <c>..data</c> (one atomic rename), adds and removes the
/// top-level symlinks, then removes the old directory. Nothing is written when the files are as wanted.
/// </summary>
public static partial class AtomicWriter
{
    /// <summary>The symlink to the directory that holds the current files.</summary>
    public const string DataLink = "..data";

    private const string NewDataLink = "..data_tmp";

    /// <summary>Makes <paramref name="directory"/> show exactly <paramref name="files"/>; null when it does, else what went wrong.</summary>
    public static string? Write(string directory, IReadOnlyList<VolumeFile> files)
    {
        foreach (var file in files)
        {
            if (Invalid(file.Path) is { } invalid)
            {
                return invalid;
            }
        }

        Directory.CreateDirectory(directory);
        var dataLink = Path.Combine(directory, DataLink);
        var current = new FileInfo(dataLink).LinkTarget;
        if (current is null || !Holds(Path.Combine(directory, current), files))
        {
            var stamp = Path.Combine(directory, $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{Random.Shared.Next(1_000_000_000):D9}");
            WriteAll(stamp, files);
            var newLink = Path.Combine(directory, NewDataLink);
            Delete(newLink); // left by a write that stopped half-way
            File.CreateSymbolicLink(newLink, Path.GetFileName(stamp));
            if (rename(newLink, dataLink) != 0)
            {
                return $"renaming {NewDataLink} over {DataLink}: error {Marshal.GetLastPInvokeError()}";
            }

            current = Path.GetFileName(stamp);
        }

        // The names users see, each through ..data; everything else at the top (an older set, a stale
        // name, the plain files of an agent before this layout) goes, once ..data no longer leads there.
        var visible = files.Select(f => f.Path.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var name in visible)
        {
            var link = Path.Combine(directory, name);
            var target = $"{DataLink}/{name}";
            if (new FileInfo(link).LinkTarget == target)
            {
                continue;
            }

            Delete(link);
            File.CreateSymbolicLink(link, target);
        }

        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.Name != DataLink && entry.Name != current && !visible.Contains(entry.Name))
            {
                Delete(entry.FullName);
            }
        }

        return null;
    }

    /// <summary>kubelet's rules for a file's path: relative, no <c>..</c> in it, and not starting with <c>..</c> (the writer's own names).</summary>
    private static string? Invalid(string path) =>
        path.Length == 0 || Path.IsPathRooted(path) ? $"path {path} must be relative"
        : path.Split('/').Contains("..") ? $"path {path} leaves the volume"
        : path.StartsWith("..", StringComparison.Ordinal) ? $"path {path} must not start with '..'"
        : null;

    /// <summary>Whether <paramref name="data"/> holds exactly these files, with these contents and modes.</summary>
    private static bool Holds(string data, IReadOnlyList<VolumeFile> files)
    {
        if (!Directory.Exists(data))
        {
            return false;
        }

        var present = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Count();
        return present == files.Count && files.All(file =>
        {
            var path = Path.Combine(data, file.Path);
            return File.Exists(path)
                && (OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode)file.Mode)
                && File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Bytes);
        });
    }

    private static void WriteAll(string directory, IReadOnlyList<VolumeFile> files)
    {
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            // Containers of any user may read it, as kubelet's (the files keep their own modes).
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        foreach (var (relative, bytes, mode) in files)
        {
            var file = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, (UnixFileMode)mode);
            }
        }
    }

    /// <summary>Removes a file, a symlink (not what it points at) or a directory with everything in it.</summary>
    private static void Delete(string path)
    {
        var entry = new FileInfo(path);
        if (entry.LinkTarget is not null || entry.Exists)
        {
            entry.Delete();
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    // rename(2): replaces the destination in one step, which File.Move cannot do for a symlink to a directory.
    [DllImport("libc", SetLastError = true, EntryPoint = "rename")]
    private static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
}
