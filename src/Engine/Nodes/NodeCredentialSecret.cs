namespace Berth.Engine.Nodes;

/// <summary>
/// How a node credential's secret begins, so a leaked one is recognisable as a node's, and
/// <c>berth agent --token</c> can tell a credential from a join token.
/// </summary>
public static class NodeCredentialSecret
{
    public const string Prefix = "berth_node_";
}
