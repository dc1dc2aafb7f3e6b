using System.Globalization;

namespace Berth.Tests.Support;

/// <summary>
/// The request bodies kubectl logs at <c>-v=9</c>: a binary body (protobuf) is a hex dump between
/// <c>"Request Body" body=&lt;</c> and a line <c>&gt;</c>, each line an offset, 16 bytes in hex and their text.
/// </summary>
public static class KubectlRequestBodies
{
    public static IReadOnlyList<byte[]> In(string verboseLog)
    {
        var bodies = new List<byte[]>();
        List<byte>? body = null;
        foreach (var line in verboseLog.Split('\n'))
        {
            if (line.Contains("\"Request Body\" body=<"))
            {
                body = [];
            }
            else if (body is not null && line.Trim() == ">")
            {
                bodies.Add([.. body]);
                body = null;
            }
            else if (body is not null)
            {
                var hex = line.Split('|')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Skip(1);
                body.AddRange(hex.Select(pair => byte.Parse(pair, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }

        return bodies;
    }
}
