namespace Berth.Tests.Support;

/// <summary>A fresh directory under the system temp directory, removed with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string purpose = "berth-test")
    {
        Path = Directory.CreateTempSubdirectory(purpose + "-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still be letting go of a file; the OS cleans temp later.
        }
    }
}
