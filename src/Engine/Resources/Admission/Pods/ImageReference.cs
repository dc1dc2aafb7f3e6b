namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// The tag of a container image reference, as the kubelet's <c>parsers.ParseImageName</c> finds it:
/// <c>busybox</c> and <c>busybox:latest</c> are both "latest"; a digest without a tag has none.
/// </summary>
internal static class ImageReference
{
    public static bool IsLatest(string image)
    {
        if (image.Length == 0 || image.Any(char.IsUpper) || image.Any(char.IsWhiteSpace))
        {
            return false; // not a reference the kubelet can parse: Kubernetes defaults these to IfNotPresent
        }

        var name = image;
        var hasDigest = false;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            hasDigest = true;
            name = name[..at];
        }

        var colon = name.LastIndexOf(':');
        var tag = colon > name.LastIndexOf('/') ? name[(colon + 1)..] : "";
        return tag == "latest" || (tag.Length == 0 && !hasDigest);
    }
}
