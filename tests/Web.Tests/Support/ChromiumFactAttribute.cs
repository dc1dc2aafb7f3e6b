using Berth.Tests.Support;

namespace Berth.Web.Tests.Support;

/// <summary>
/// A browser test: it needs PostgreSQL and Debian's Chromium (./test.sh installs it and sets
/// <c>BERTH_REQUIRE_CHROMIUM=1</c>, so there a missing browser fails instead of skipping).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!TestDatabase.IsConfigured)
        {
            Skip = $"needs PostgreSQL: set {TestDatabase.EnvironmentVariable} (./test.sh does)";
        }
        else if (!File.Exists(Executable) && Environment.GetEnvironmentVariable("BERTH_REQUIRE_CHROMIUM") != "1")
        {
            Skip = $"needs Chromium at {Executable} (apt-get install chromium; ./test.sh does)";
        }
    }
}

/// <summary>A browser test that also runs pods: it needs a Docker engine for the server's embedded agent, as the agent's tests do.</summary>
public sealed class ChromiumDockerFactAttribute : FactAttribute
{
    public ChromiumDockerFactAttribute()
    {
        Skip = new ChromiumFactAttribute().Skip ?? Berth.Agents.Tests.Support.TestDocker.WhyUnavailable;
    }
}
