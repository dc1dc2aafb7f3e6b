namespace Berth.Api.Agents;

/// <summary>What a node may be called: a lower-case DNS subdomain, as Kubernetes requires of Node names.</summary>
internal static class NodeNames
{
    public const string Rule = "a node name must be a lower-case DNS subdomain (letters, digits, '-' and '.'; at most 253)";

    public static bool IsValid(string node) =>
        node.Length is > 0 and <= 253 && node.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.')
        && char.IsAsciiLetterOrDigit(node[0]) && char.IsAsciiLetterOrDigit(node[^1]);
}
