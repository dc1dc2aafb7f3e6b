using System.Diagnostics;

namespace Berth.Tests.Support;

/// <summary>Waits for a condition with a deadline, so tests never sleep a guessed amount.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Probes until <paramref name="done"/> holds for the result; fails with what it saw last once <paramref name="within"/> has passed.</summary>
    public static async Task<T> WaitForAsync<T>(string what, Func<Task<T>> probe, Func<T, bool> done, TimeSpan within)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (Stopwatch.GetElapsedTime(started) > within)
            {
                throw new TimeoutException($"{what}: not within {within.TotalSeconds:0} s (last saw {last})");
            }

            await Task.Delay(PollInterval);
        }
    }
}
