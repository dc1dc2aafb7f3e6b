namespace Berth.Agents;

/// <summary>
/// The node agent (hub connection, Docker runtime driver, pod workers, proxies) arrives with its
/// own issue. Until then this is the one thing the Agents project says, so <c>berth agent</c> can say it too.
/// </summary>
public static class AgentAvailability
{
    public const string NotYetAvailable = "the node agent is not yet available in this version of Berth; it arrives with a later issue";
}
