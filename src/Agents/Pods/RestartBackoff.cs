namespace Berth.Agents.Pods;

/// <summary>
/// kubelet's crash-loop back-off: after a container exits and its restart policy wants it back,
/// the next start waits <see cref="Initial"/>, doubling with each restart up to <see cref="Maximum"/>
/// (10 s to 5 min by default; tests shorten both). A container that ran for
/// <see cref="ResetAfter"/> (twice the maximum, as kubelet does) starts its next crash loop afresh.
/// </summary>
public sealed record RestartBackoff(TimeSpan Initial, TimeSpan Maximum)
{
    public static readonly RestartBackoff Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

    public TimeSpan ResetAfter => Maximum * 2;

    /// <summary>How long to wait after a container exits, given how many times it was restarted before and how long it last ran.</summary>
    public TimeSpan Delay(int restartCount, TimeSpan lastRun)
    {
        if (lastRun >= ResetAfter)
        {
            return TimeSpan.Zero;
        }

        var delay = Initial;
        for (var i = 0; i < restartCount && delay < Maximum; i++)
        {
            delay *= 2;
        }

        return delay < Maximum ? delay : Maximum;
    }
}
