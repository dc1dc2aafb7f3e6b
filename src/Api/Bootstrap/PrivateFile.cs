namespace Berth.Api.Bootstrap;

/// <summary>Files that hold a secret (the admin kubeconfig, the admin password): readable by the server's user only.</summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task WriteAsync(string path, string text, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Created 0600 before the secret goes in, and swapped in whole, so no reader ever sees a
        // readable or half-written file.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        await using (var file = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteAsync(text.AsMemory(), ct);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, OwnerOnly); // in case an earlier run left the temporary file with wider rights
        }

        File.Move(temporary, path, overwrite: true);
    }
}
