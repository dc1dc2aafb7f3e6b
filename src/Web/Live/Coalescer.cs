namespace Berth.Web.Live;

/// <summary>
/// Turns a burst of signals into one call of an action, at most once per window: the first signal
/// starts the wait, the ones during it ride along. Pages re-render on it, so a burst of changes
/// costs a few renders, not one each.
/// </summary>
public sealed class Coalescer(TimeSpan window, TimeProvider time, Action action)
{
    private int pending;

    public void Signal()
    {
        if (Interlocked.Exchange(ref pending, 1) == 1)
        {
            return; // a call is already on its way and will cover this signal too
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(window, time);
            Interlocked.Exchange(ref pending, 0);
            action();
        });
    }
}
