namespace Berth.Agents.Runtime.Docker;

/// <summary>Image names as Kubernetes and Docker read them: no tag and no digest means <c>:latest</c>.</summary>
public static class ImageReference
{
    /// <summary>
    /// The reference with <c>:latest</c> added when it names neither a tag nor a digest. The engine's
    /// pull needs it: given a bare repository it would pull every tag.
    /// </summary>
    public static string WithDefaultTag(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image;
        }

        // A colon before the last slash is a registry's port (localhost:5000/app), not a tag.
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        return lastSegment.Contains(':', StringComparison.Ordinal) ? image : image + ":latest";
    }

    /// <summary>Whether the reference asks for <c>latest</c>, which Kubernetes pulls Always by default.</summary>
    public static bool IsLatest(string image) => WithDefaultTag(image).EndsWith(":latest", StringComparison.Ordinal);
}
