namespace Berth.Web.Live;

/// <summary>How a status word reads: good (running, ready), warn (waiting, in progress), bad (failing), or plain.</summary>
public static class StatusTones
{
    private static readonly HashSet<string> Good = new(StringComparer.OrdinalIgnoreCase) { "Running", "Ready", "Active", "Completed", "Succeeded", "Complete", "Bound", "Normal" };

    private static readonly HashSet<string> Warn = new(StringComparer.OrdinalIgnoreCase)
    {
        "Pending", "ContainerCreating", "PodInitializing", "Terminating", "NotReady", "Unknown", "SchedulingDisabled", "Waiting",
    };

    private static readonly HashSet<string> Bad = new(StringComparer.OrdinalIgnoreCase)
    {
        "Failed", "Error", "CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "OOMKilled", "Evicted", "Warning", "CreateContainerConfigError", "ErrImageNeverPull",
    };

    /// <returns>"good", "warn", "bad", or null for a word with no tone.</returns>
    public static string? Of(string status)
    {
        // "Init:0/1", "Ready,SchedulingDisabled": the first word decides.
        var word = status.Split([',', ':'], 2)[0];
        return status.StartsWith("Init:", StringComparison.Ordinal) ? "warn"
            : Good.Contains(word) ? "good"
            : Warn.Contains(word) ? "warn"
            : Bad.Contains(word) ? "bad"
            : null;
    }
}
