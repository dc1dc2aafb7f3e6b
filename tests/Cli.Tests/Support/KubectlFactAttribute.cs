namespace Berth.Cli.Tests.Support;

/// <summary>A test that drives the real kubectl; reported as skipped, not passed, on a machine without it.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (!Kubectl.IsInstalled)
        {
            Skip = $"needs kubectl at {Kubectl.Path}";
        }
    }
}
