namespace Berth.Agents.Pods;

/// <summary>Whether a pod's restartPolicy brings back a container that exited with <c>exitCode</c>.</summary>
public static class ContainerRestarts
{
    public static bool Wanted(string restartPolicy, int exitCode) => restartPolicy switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true, // Always, Kubernetes' default
    };
}
