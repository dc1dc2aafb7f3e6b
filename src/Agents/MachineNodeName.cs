using System.Text.RegularExpressions;

namespace Berth.Agents;

/// <summary>The node name a machine gets by default, in <c>berth server</c> and <c>berth agent</c> alike.</summary>
public static partial class MachineNodeName
{
    /// <summary>The host name as a DNS label (lower case, letters, digits and dashes).</summary>
    public static string Default()
    {
        var name = NotInLabel().Replace(Environment.MachineName.ToLowerInvariant(), "-").Trim('-');
        return name.Length == 0 ? "node" : name[..Math.Min(name.Length, 63)].TrimEnd('-');
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotInLabel();
}
