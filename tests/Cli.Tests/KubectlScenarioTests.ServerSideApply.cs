using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary><c>kubectl apply --server-side</c>: field managers, conflicts, forcing, and fields a manager stops applying.</summary>
public sealed partial class KubectlScenarioTests
{
    private const string Applied = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: busybox:1.36
                env:
                - name: MODE
                  value: fast
        """;

    [KubectlFact]
    public async Task On_sqlite_server_side_apply_owns_fields_refuses_conflicts_unless_forced_and_removes_what_is_no_longer_applied()
    {
        using var dir = new TempDirectory();
        var (server, kubectl) = await KubectlServer.StartAsync(dir.Path, null, WatchDeadline);
        await using var running = server;
        async Task<string> Write(string name, string text)
        {
            var path = Path.Combine(dir.Path, name);
            await File.WriteAllTextAsync(path, text);
            return path;
        }

        string[] version = ["get", "deploy", "web", "-o", "jsonpath={.metadata.resourceVersion}"];
        var manifest = await Write("web.yaml", Applied);
        Assert.Equal("deployment.apps/web serverside-applied\n", (await Succeeds(kubectl.RunAsync("apply", "--server-side", "-f", manifest))).Stdout);
        var first = (await Succeeds(kubectl.RunAsync(version))).Stdout;
        Assert.Equal("deployment.apps/web serverside-applied\n", (await Succeeds(kubectl.RunAsync("apply", "--server-side", "-f", manifest))).Stdout);
        Assert.Equal(first, (await Succeeds(kubectl.RunAsync(version))).Stdout); // nothing changed, so no new revision
        var owners = await Succeeds(kubectl.RunAsync("get", "deploy", "web", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager} {.metadata.managedFields[*].operation}"));
        Assert.Equal("kubectl Apply\n", owners.Stdout);

        // Another manager may not change what kubectl owns, unless it forces; then the field is its own.
        var scaled = await Write("scaled.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n");
        var refused = await kubectl.RunAsync("apply", "--server-side", "--field-manager=autoscaler", "-f", scaled);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas\n", refused.Stderr);
        await Succeeds(kubectl.RunAsync("apply", "--server-side", "--field-manager=autoscaler", "--force-conflicts", "-f", scaled));
        Assert.Equal("3\n", (await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"))).Stdout);
        var again = await kubectl.RunAsync("apply", "--server-side", "-f", manifest);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"autoscaler\" using apps/v1: .spec.replicas\n", again.Stderr);

        // kubectl stops applying the replicas (now the autoscaler's) and the env var: the env var goes, the replicas stay.
        var trimmed = Applied.Replace("  replicas: 2\n", "").Replace("\n        env:\n        - name: MODE\n          value: fast", "");
        var dry = await Succeeds(kubectl.RunAsync("apply", "--server-side", "--dry-run=server", "-f", await Write("dry.yaml", trimmed.Replace("busybox:1.36", "busybox:1.99"))));
        Assert.Equal("deployment.apps/web serverside-applied (server dry run)\n", dry.Stdout);
        await Succeeds(kubectl.RunAsync("apply", "--server-side", "-f", await Write("trimmed.yaml", trimmed)));
        var after = await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} [{.spec.template.spec.containers[0].env}]"));
        Assert.Equal("3 busybox:1.36 []\n", after.Stdout); // and the dry run's image was never stored

        // Who changed a field last owns it: kubectl scale takes the replicas, so the next apply setting them otherwise conflicts.
        await Succeeds(kubectl.RunAsync("scale", "deploy", "web", "--replicas=4"));
        var scaledBack = await kubectl.RunAsync("apply", "--server-side", "--field-manager=autoscaler", "-f", scaled);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas\n", scaledBack.Stderr);

        // A client-side applied object moves to server-side apply: kubectl hands its fields over, and later changes apply cleanly.
        var settings = await Write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n");
        await Succeeds(kubectl.RunAsync("apply", "-f", settings));
        await Succeeds(kubectl.RunAsync("apply", "--server-side", "-f", settings));
        var moved = await Succeeds(kubectl.RunAsync("get", "cm", "settings", "--show-managed-fields", "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}"));
        Assert.DoesNotContain("kubectl-client-side-apply", moved.Stdout);
        Assert.Contains("kubectl/Apply", moved.Stdout);
        await File.WriteAllTextAsync(settings, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n");
        await Succeeds(kubectl.RunAsync("apply", "--server-side", "-f", settings));
        Assert.Equal("slow\n", (await Succeeds(kubectl.RunAsync("get", "cm", "settings", "-o", "jsonpath={.data.mode}"))).Stdout);
    }
}
