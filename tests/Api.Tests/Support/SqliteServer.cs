using Berth.Tests.Support;

namespace Berth.Api.Tests.Support;

/// <summary>One real server on embedded SQLite, shared by the tests of a class that do not need a fresh one each.</summary>
public sealed class SqliteServer : IAsyncLifetime
{
    private readonly TempDirectory directory = new("berth-shared");

    internal BerthServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServers.StartAsync(directory.Path);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        directory.Dispose();
    }
}
