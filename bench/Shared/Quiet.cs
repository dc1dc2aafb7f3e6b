namespace Berth.Bench;

/// <summary>When a run counts as disturbed by other work on the machine, and how often it is repeated then.</summary>
internal interface IQuietPolicy
{
    /// <summary>A run during which other processes used more cores than this is repeated …</summary>
    double MaxOther { get; }

    /// <summary>… at most this many times; the quietest attempt is kept.</summary>
    int Retries { get; }
}

internal static class Quiet
{
    /// <summary>
    /// Runs <paramref name="attempt"/> until other processes stayed under <see cref="IQuietPolicy.MaxOther"/>
    /// cores during it, at most 1 + <see cref="IQuietPolicy.Retries"/> times; returns the quietest attempt.
    /// </summary>
    public static async Task<(T Result, int Attempts)> RunAsync<T>(IQuietPolicy options, string what, Func<int, Task<T>> attempt, Func<T, CpuUse> cpu)
    {
        T? best = default;
        var bestOther = double.MaxValue;
        var attempts = 0;
        while (attempts <= options.Retries)
        {
            var result = await attempt(attempts++);
            var other = cpu(result).OtherCores;
            if (best is null || other < bestOther)
            {
                (best, bestOther) = (result, other);
            }

            if (double.IsNaN(other) || other <= options.MaxOther)
            {
                break;
            }

            Log.Info($"{what}: other processes used {other:F2} cores meanwhile{(attempts <= options.Retries ? ", repeating" : "; keeping the quietest attempt")}");
        }

        return (best!, attempts);
    }
}

