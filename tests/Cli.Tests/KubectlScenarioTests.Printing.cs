using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>The scenario's checks of server-side printing: kubectl get shows the columns Kubernetes shows.</summary>
public sealed partial class KubectlScenarioTests
{
    // An AGE as kubectl prints it (5s, 3m2s, 2h): the scenario takes seconds, but a slow machine may reach minutes.
    private const string Age = @"[0-9]+[smhd][0-9smhd]*";

    private const string Printed = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: lone
          namespace: demo
          labels:
            app: lone
        spec:
          containers:
          - name: c
            image: busybox:1.36
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: demo
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: 8080
        """;

    /// <summary>
    /// Runs with the deployment <c>web</c> (1 replica) in <c>demo</c>; adds a pod and a service there, and
    /// reads them through kubectl's tables: plain, wide, across namespaces, <c>get all</c> and <c>get -w</c>.
    /// </summary>
    private static async Task PrintsTablesAsync(Kubectl kubectl, Func<string, string, string> manifest)
    {
        await Succeeds(kubectl.RunAsync("apply", "-f", manifest("printed.yaml", Printed)));

        // No scheduler yet: the pod stays Pending, and no controller counts the deployment's replicas.
        var pods = await Succeeds(kubectl.RunAsync("get", "pods", "-n", "demo"));
        Assert.Matches(@"(?m)^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$", pods.Stdout);
        Assert.Matches($@"(?m)^lone\s+0/1\s+Pending\s+0\s+{Age}$", pods.Stdout);

        var everywhere = await Succeeds(kubectl.RunAsync("get", "pods", "-A", "-o", "wide"));
        Assert.Matches(@"(?m)^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$", everywhere.Stdout);
        Assert.Matches($@"(?m)^demo\s+lone\s+0/1\s+Pending\s+0\s+{Age}\s+<none>\s+<none>\s+<none>\s+<none>$", everywhere.Stdout);

        var deployments = await Succeeds(kubectl.RunAsync("get", "deploy", "-n", "demo"));
        Assert.Matches(@"(?m)^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$", deployments.Stdout);
        Assert.Matches($@"(?m)^web\s+0/1\s+0\s+0\s+{Age}$", deployments.Stdout);

        var services = await Succeeds(kubectl.RunAsync("get", "svc", "-n", "demo", "-o", "wide"));
        Assert.Matches(@"(?m)^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$", services.Stdout);
        Assert.Matches($@"(?m)^web\s+ClusterIP\s+\S+\s+<none>\s+80/TCP\s+{Age}\s+app=web$", services.Stdout);

        // get all prints a section per kind of the "all" category that has objects, in Kubernetes' order.
        var all = await Succeeds(kubectl.RunAsync("get", "all", "-n", "demo"));
        Assert.Matches(
            $@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod/lone\s+0/1\s+Pending\s+0\s+{Age}\n\n" +
            $@"NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice/web\s+ClusterIP\s+\S+\s+<none>\s+80/TCP\s+{Age}\n\n" +
            $@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps/web\s+0/1\s+0\s+0\s+{Age}\n$",
            all.Stdout);

        // A watch prints the header once, then one row per change, from tables the server sends.
        using var watch = kubectl.Start("get", "pods", "-n", "demo", "-w");
        await Eventually.WaitForAsync("kubectl get -w prints the pod",
            () => Task.FromResult(watch.Output), output => output.Contains("lone"), WatchDeadline);
        await Succeeds(kubectl.RunAsync("label", "pod", "lone", "-n", "demo", "tier=solo"));
        await Eventually.WaitForAsync("kubectl get -w prints the labelled pod's row again",
            () => Task.FromResult(watch.Output), output => System.Text.RegularExpressions.Regex.Matches(output, $@"(?m)^lone\s+0/1\s+Pending\s+0\s+{Age}$").Count == 2, WatchDeadline);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(watch.Output, "(?m)^NAME"));
    }
}
