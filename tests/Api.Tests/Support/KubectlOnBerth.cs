using Berth.Tests.Support;

namespace Berth.Api.Tests.Support;

/// <summary>A real <see cref="BerthServer"/> on SQLite and the real kubectl with the kubeconfig it wrote, shared by a test class.</summary>
public sealed class KubectlOnBerth : IAsyncLifetime
{
    private readonly TempDirectory directory = new("berth-kubectl");
    private BerthServer? server;

    internal Kubectl Kubectl { get; private set; } = null!;

    public string DataDirectory => directory.Path;

    public async Task InitializeAsync()
    {
        server = await TestServers.StartAsync(directory.Path);
        Kubectl = new Kubectl(server.KubeconfigPath, Path.Combine(directory.Path, "kube-cache"));
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        directory.Dispose();
    }
}
