namespace Berth.Tests.Support;

/// <summary>The checkout the tests run from, for the scripts and files that live beside the code.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Console.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Console.sln above {AppContext.BaseDirectory}");
    }
}
