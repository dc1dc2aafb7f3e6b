namespace Berth.Bench;

/// <summary>How every harness reads its command line.</summary>
internal static class HarnessArgs
{
    /// <summary>The parsed options, or null once what is wrong (or the usage) is printed: the harness then exits with 2.</summary>
    public static T? Parse<T>(Func<string[], T> parse, string[] args)
        where T : class
    {
        try
        {
            return parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }
}
