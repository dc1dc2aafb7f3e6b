using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>
/// The real kubectl against <c>./berth server</c>, whose garbage collector and namespace controller
/// carry out what a delete asks for: <c>--cascade=orphan|background|foreground</c> and <c>delete ns</c>.
/// </summary>
public sealed class KubectlCascadeTests
{
    // Generous: it only bounds a failure (a PostgreSQL server first waits out a possible old leader).
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [KubectlFact]
    public Task On_sqlite_cascading_deletes_and_namespace_deletion_are_carried_out() => Scenario(null);

    [KubectlFact(postgres: true)]
    public async Task On_postgres_cascading_deletes_and_namespace_deletion_are_carried_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Scenario(database.Url);
    }

    private static async Task Scenario(string? datastore)
    {
        using var dir = new TempDirectory();
        var (server, kubectl) = await KubectlServer.StartAsync(dir.Path, datastore, Deadline);
        await using var running = server;
        var manifests = new Manifests(Path.Combine(dir.Path, "manifests"));
        await Succeeds(kubectl.RunAsync("create", "ns", "shop"));

        // Orphan: the deployment goes, its replica set stays with no owner.
        await DeploymentWithReplicaSetAndPodAsync(kubectl, manifests, "orphan");
        var orphaned = await Succeeds(kubectl.RunAsync("delete", "deploy", "orphan", "-n", "shop", "--cascade=orphan", "--timeout=60s"));
        Assert.Equal("deployment.apps \"orphan\" deleted\n", orphaned.Stdout);
        Assert.Equal("", (await Succeeds(kubectl.RunAsync("get", "rs", "orphan-1", "-n", "shop", "-o", "jsonpath={.metadata.ownerReferences}"))).Stdout);
        Assert.NotEqual("", (await Succeeds(kubectl.RunAsync("get", "pod", "orphan-1-a", "-n", "shop", "-o", "jsonpath={.metadata.ownerReferences}"))).Stdout);

        // Background: the deployment goes at once; the collector removes the replica set, then its pod.
        await DeploymentWithReplicaSetAndPodAsync(kubectl, manifests, "background");
        await Succeeds(kubectl.RunAsync("delete", "deploy", "background", "-n", "shop", "--cascade=background"));
        await GoneAsync(kubectl, "rs", "background-1");
        await GoneAsync(kubectl, "pod", "background-1-a");

        // Foreground: kubectl waits for the deployment, which goes only after its dependents.
        await DeploymentWithReplicaSetAndPodAsync(kubectl, manifests, "foreground");
        await Succeeds(kubectl.RunAsync("delete", "deploy", "foreground", "-n", "shop", "--cascade=foreground", "--timeout=60s"));
        Assert.Contains("NotFound", (await kubectl.RunAsync("get", "rs", "foreground-1", "-n", "shop")).Stderr);
        Assert.Contains("NotFound", (await kubectl.RunAsync("get", "pod", "foreground-1-a", "-n", "shop")).Stderr);

        // A namespace: everything in it goes, then the namespace itself; kubectl waits for that.
        await Succeeds(kubectl.RunAsync("create", "configmap", "settings", "-n", "shop"));
        var deleted = await Succeeds(kubectl.RunAsync("delete", "ns", "shop", "--timeout=60s"));
        Assert.Equal("namespace \"shop\" deleted\n", deleted.Stdout);
        Assert.Contains("NotFound", (await kubectl.RunAsync("get", "ns", "shop")).Stderr);
        var left = await Succeeds(kubectl.RunAsync("get", "rs,pods,configmaps", "-A", "--field-selector", "metadata.namespace=shop", "-o", "name"));
        Assert.Equal("", left.Stdout);
    }

    /// <summary>A deployment owning a replica set owning a pod, as the deployment controllers would leave them.</summary>
    private static async Task DeploymentWithReplicaSetAndPodAsync(Kubectl kubectl, Manifests manifests, string name)
    {
        await Succeeds(kubectl.RunAsync("apply", "-f", manifests.Write($"{name}.yaml", Workload("Deployment", name, owner: null))));
        var deploymentUid = (await Succeeds(kubectl.RunAsync("get", "deploy", name, "-n", "shop", "-o", "jsonpath={.metadata.uid}"))).Stdout;
        await Succeeds(kubectl.RunAsync("apply", "-f", manifests.Write($"{name}-rs.yaml",
            Workload("ReplicaSet", $"{name}-1", Owner("apps/v1", "Deployment", name, deploymentUid)))));
        var replicaSetUid = (await Succeeds(kubectl.RunAsync("get", "rs", $"{name}-1", "-n", "shop", "-o", "jsonpath={.metadata.uid}"))).Stdout;
        await Succeeds(kubectl.RunAsync("apply", "-f", manifests.Write($"{name}-pod.yaml", $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {name}-1-a
              namespace: shop
              ownerReferences:
              - {Owner("apps/v1", "ReplicaSet", name + "-1", replicaSetUid)}
            spec:
              containers:
              - name: main
                image: busybox
            """)));
    }

    private static string Workload(string kind, string name, string? owner) => $"""
        apiVersion: apps/v1
        kind: {kind}
        metadata:
          name: {name}
          namespace: shop
          {(owner is null ? "" : "ownerReferences: [" + owner + "]")}
        spec:
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: main
                image: busybox
        """;

    private static string Owner(string apiVersion, string kind, string name, string uid) =>
        "{" + $"apiVersion: {apiVersion}, kind: {kind}, name: {name}, uid: {uid}, controller: true, blockOwnerDeletion: true" + "}";

    /// <summary>A folder of manifest files for <c>kubectl apply -f</c>.</summary>
    private sealed class Manifests
    {
        private readonly string directory;

        public Manifests(string directory)
        {
            this.directory = directory;
            Directory.CreateDirectory(directory);
        }

        public string Write(string name, string text)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            return path;
        }
    }

    private static Task GoneAsync(Kubectl kubectl, string kind, string name) =>
        Eventually.WaitForAsync($"{kind} {name} to be collected", () => kubectl.RunAsync("get", kind, name, "-n", "shop"),
            result => result.ExitCode != 0 && result.Stderr.Contains("NotFound"), Deadline);

    private static async Task<ProcessResult> Succeeds(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
