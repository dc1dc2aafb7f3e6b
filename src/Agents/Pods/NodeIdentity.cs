namespace Berth.Agents.Pods;

/// <summary>The node an agent runs pods for: its name (labels every container) and the address its ports are published on.</summary>
public sealed record NodeIdentity(string Name, string Address);
