namespace Berth.Tests.Support;

/// <summary>A test that needs the PostgreSQL server <c>BERTH_TEST_POSTGRES</c> names; reported as skipped, not passed, without one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsConfigured)
        {
            Skip = $"needs PostgreSQL: set {TestDatabase.EnvironmentVariable} to a connection string (./test.sh does)";
        }
    }
}

/// <summary>A test that needs both the PostgreSQL server <c>BERTH_TEST_POSTGRES</c> names and the Docker engine (as <c>DockerFact</c> asks for it).</summary>
public sealed class PostgresDockerFactAttribute : FactAttribute
{
    public PostgresDockerFactAttribute()
    {
        Skip = new PostgresFactAttribute().Skip ?? new Berth.Agents.Tests.Support.DockerFactAttribute().Skip;
    }
}
