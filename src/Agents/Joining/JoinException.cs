namespace Berth.Agents.Joining;

/// <summary>Why a machine could not join, in one line a person can act on (a CA that does not match, a refused token).</summary>
public sealed class JoinException(string message, Exception? inner = null) : IOException(message, inner);
