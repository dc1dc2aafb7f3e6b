using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Tests.Support;

/// <summary>
/// The real Docker engine the tests run containers on, and the local busybox image
/// (<c>scripts/docker.sh</c> starts the one and builds the other; test.sh calls it). Every
/// container a test makes carries <see cref="Label"/> and a name of its own, and is removed by it.
/// </summary>
public static class TestDocker
{
    public const string Label = "berth.io/test";

    public static string Image => Environment.GetEnvironmentVariable("BERTH_TEST_IMAGE") ?? "berth.local/busybox:test";

    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        using var engine = DockerEngine.FromEnvironment();
        try
        {
            engine.VersionAsync().WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            return engine.InspectImageAsync(Image).GetAwaiter().GetResult() is null
                ? $"the image {Image} is missing (scripts/docker.sh start DIR builds it)"
                : null;
        }
        catch (Exception e) when (e is DockerException or TimeoutException)
        {
            return e.Message;
        }
    });

    /// <summary>Why these tests cannot run here, or null when they can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Removes the containers a test made (those carrying <paramref name="label"/>), then lets the client go.</summary>
    public static async Task RemoveAndDisposeAsync(DockerEngine engine, string label)
    {
        if (WhyUnavailable is null)
        {
            foreach (var container in await engine.ListContainersAsync([label]))
            {
                await engine.RemoveContainerAsync(container.Id);
            }
        }

        engine.Dispose();
    }

    public static string UniqueName(string what) => $"berth-test-{what}-{Guid.NewGuid():N}"[..40];
}

/// <summary>
/// A test that needs the Docker engine. Skipped with the reason where none runs, unless
/// <c>BERTH_REQUIRE_DOCKER=1</c> (test.sh sets it once it has an engine), where a missing engine
/// must fail the run rather than pass it quietly.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("BERTH_REQUIRE_DOCKER") != "1" && TestDocker.WhyUnavailable is { } why)
        {
            Skip = "no Docker engine: " + why;
        }
    }
}
