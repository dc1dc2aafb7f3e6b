using System.Diagnostics;

namespace Berth.Bench;

internal static class Log
{
    private static readonly Stopwatch Since = Stopwatch.StartNew();

    public static void Info(string message) =>
        Console.Error.WriteLine($"[{Since.Elapsed:mm\\:ss}] {message}");
}
