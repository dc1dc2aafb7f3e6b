namespace Berth.Tests.Support;

/// <summary>
/// A test that drives the real kubectl (and, when <c>postgres</c> is set, the PostgreSQL server
/// <c>BERTH_TEST_POSTGRES</c> names); reported as skipped, not passed, on a machine without them.
/// </summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute(bool postgres = false)
    {
        if (!Kubectl.IsInstalled)
        {
            Skip = $"needs kubectl at {Kubectl.Path}";
        }
        else if (postgres && !TestDatabase.IsConfigured)
        {
            Skip = $"needs PostgreSQL: set {TestDatabase.EnvironmentVariable} to a connection string (./test.sh does)";
        }
    }
}
