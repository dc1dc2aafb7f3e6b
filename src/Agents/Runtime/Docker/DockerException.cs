namespace Berth.Agents.Runtime.Docker;

/// <summary>
/// A call the Docker engine refused or could not take. <see cref="StatusCode"/> is the engine's
/// HTTP status (404 for a missing container or image, 409 for a name in use), or 0 when the engine
/// could not be reached at all; the message is the engine's own words, as pod events repeat them.
/// </summary>
public sealed class DockerException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int StatusCode { get; } = statusCode;

    public bool IsNotFound => StatusCode == 404;

    public bool IsConflict => StatusCode == 409;
}
