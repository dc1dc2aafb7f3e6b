using Berth.Tests.Support;

namespace Berth.Cli.Tests.Support;

/// <summary><c>./berth server</c> for the kubectl tests, with the real kubectl pointed at the admin kubeconfig it writes.</summary>
internal static class KubectlServer
{
    /// <summary>Starts <c>./berth server</c> in a directory of its own (SQLite when <paramref name="datastore"/> is null) and waits for its kubeconfig.</summary>
    public static async Task<(RunningServer Server, Kubectl Kubectl)> StartAsync(string directory, string? datastore, TimeSpan deadline)
    {
        string[] store = datastore is null ? [] : ["--datastore", datastore];
        var server = await BerthCli.StartServerAsync(["--data-dir", directory, "--listen", "127.0.0.1:0", .. store]);
        var kubeconfig = Path.Combine(directory, "kubeconfig.yaml");
        try
        {
            await Eventually.WaitForAsync("the server prints where its kubeconfig is",
                () => Task.FromResult(server.Stdout), output => output.Contains($"Admin kubeconfig for workspace default: {kubeconfig}"), deadline);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return (server, new Kubectl(kubeconfig, Path.Combine(directory, "kube-cache")));
    }
}
