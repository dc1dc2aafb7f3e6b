namespace Berth.Api.Bootstrap;

/// <summary>Files that hold a secret (the admin kubeconfig, the admin password, the encryption keys): readable by the server's user only.</summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task WriteAsync(string path, string text, CancellationToken ct)
    {
        var temporary = await WriteTemporaryAsync(path, text, ct);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Writes the file only if it does not exist yet, atomically: of two processes creating it at
    /// once, one wins and the other gets false and leaves the winner's file as it is.
    /// </summary>
    public static async Task<bool> CreateAsync(string path, string text, CancellationToken ct)
    {
        var temporary = await WriteTemporaryAsync(path, text, ct, unique: true);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }

    private static async Task<string> WriteTemporaryAsync(string path, string text, CancellationToken ct, bool unique = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Created 0600 before the secret goes in, and swapped in whole, so no reader ever sees a
        // readable or half-written file.
        var temporary = path + (unique ? $".{Guid.NewGuid():N}" : "") + ".tmp";
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

        return temporary;
    }
}
