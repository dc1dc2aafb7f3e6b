using System.Runtime.Versioning;
using System.Text;
using Berth.Agents.Pods;

namespace Berth.Agents.Tests.Pods;

/// <summary>A volume's files as kubelet's AtomicWriter lays them out, on the real file system.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AtomicWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("berth-atomic").FullName;

    [Fact]
    public void Files_live_in_a_timestamped_directory_behind_the_data_symlink_and_each_name_links_through_it()
    {
        Assert.Null(AtomicWriter.Write(directory, [File("greeting", "hello"), File("cfg/mode", "fast", mode: 256)]));

        var data = new FileInfo(Path.Combine(directory, "..data")).LinkTarget;
        Assert.NotNull(data);
        Assert.Matches(@"^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d{9}$", data);
        Assert.Equal("..data/greeting", new FileInfo(Path.Combine(directory, "greeting")).LinkTarget);
        Assert.Equal("..data/cfg", new FileInfo(Path.Combine(directory, "cfg")).LinkTarget);
        Assert.Equal("hello", Read("greeting"));
        Assert.Equal("fast", Read("cfg/mode"));
        Assert.Equal(UnixFileMode.UserRead, System.IO.File.GetUnixFileMode(Path.Combine(directory, data, "cfg/mode")));
        Assert.Equal([data, "..data", "cfg", "greeting"], Entries());
    }

    [Fact]
    public void A_change_swaps_the_whole_set_at_once_drops_what_went_and_removes_the_old_directory()
    {
        Assert.Null(AtomicWriter.Write(directory, [File("greeting", "hello"), File("gone", "x")]));
        var first = new FileInfo(Path.Combine(directory, "..data")).LinkTarget!;
        var before = Path.Combine(directory, "greeting");
        using var reader = System.IO.File.OpenRead(before); // a reader holding the old set keeps reading it whole

        Assert.Null(AtomicWriter.Write(directory, [File("greeting", "bonjour"), File("added", "y")]));

        var second = new FileInfo(Path.Combine(directory, "..data")).LinkTarget!;
        Assert.NotEqual(first, second);
        Assert.Equal("bonjour", Read("greeting"));
        Assert.Equal("y", Read("added"));
        Assert.Equal([second, "..data", "added", "greeting"], Entries()); // the old directory and the name that went are gone
        Assert.Equal("hello", new StreamReader(reader).ReadToEnd());
    }

    [Fact]
    public void The_same_files_again_write_nothing_and_plain_files_of_an_older_layout_are_replaced()
    {
        System.IO.File.WriteAllText(Path.Combine(directory, "greeting"), "old plain file");
        System.IO.File.WriteAllText(Path.Combine(directory, "stale"), "left by an older agent");

        Assert.Null(AtomicWriter.Write(directory, [File("greeting", "hello")]));
        var data = new FileInfo(Path.Combine(directory, "..data")).LinkTarget!;
        Assert.Null(AtomicWriter.Write(directory, [File("greeting", "hello")]));

        Assert.Equal(data, new FileInfo(Path.Combine(directory, "..data")).LinkTarget);
        Assert.Equal("hello", Read("greeting"));
        Assert.Equal([data, "..data", "greeting"], Entries());
    }

    [Fact]
    public void A_path_that_leaves_the_volume_or_takes_the_writers_names_is_refused()
    {
        Assert.Equal("path ../x leaves the volume", AtomicWriter.Write(directory, [File("../x", "")]));
        Assert.Equal("path ..data must not start with '..'", AtomicWriter.Write(directory, [File("..data", "")]));
        Assert.Equal("path /etc/x must be relative", AtomicWriter.Write(directory, [File("/etc/x", "")]));
        Assert.Empty(Entries());
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static VolumeFile File(string path, string text, int mode = 420) => new(path, Encoding.UTF8.GetBytes(text), mode);

    private string Read(string path) => System.IO.File.ReadAllText(Path.Combine(directory, path));

    private string[] Entries() => [.. new DirectoryInfo(directory).EnumerateFileSystemInfos().Select(e => e.Name).Order(StringComparer.Ordinal)];
}
