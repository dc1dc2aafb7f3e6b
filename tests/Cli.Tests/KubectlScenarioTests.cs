using System.Text.Json.Nodes;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>The acceptance client: the real kubectl, with the kubeconfig <c>berth server</c> writes, against <c>./berth server</c>.</summary>
public sealed partial class KubectlScenarioTests
{
    private static readonly TimeSpan WatchDeadline = TimeSpan.FromSeconds(15);

    private const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: manifested
        """;

    private const string App = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: demo
        data:
          greeting: hello
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: demo
          labels:
            app: web
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
                command: ["httpd", "-f", "-p", "8080"]
                berthTestUnknownField: kept as written
        """;

    private const string Misspelled = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: misspelled
          namespace: demo
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: misspelled
          template:
            metadata:
              labels:
                app: misspelled
            spec:
              containers:
              - name: web
                image: busybox:1.36
                imagePullPolcy: IfNotPresent
        """;

    private const string BadName = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: Bad_Name
          namespace: demo
        """;

    private const string Hold = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: hold
          namespace: demo
          finalizers:
          - example.com/hold
        """;

    private const string MissingImage = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: broken
          namespace: demo
          labels:
            tier: "bad value!"
        spec:
          selector:
            matchLabels:
              app: broken
          template:
            metadata:
              labels:
                app: broken
            spec:
              containers:
              - name: broken
        """;

    private const string Service = """
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

    [KubectlFact]
    public Task On_sqlite_kubectl_applies_reads_watches_patches_and_deletes_with_the_bootstrap_kubeconfig() => Scenario(null);

    [KubectlFact(postgres: true)]
    public async Task On_postgres_kubectl_applies_reads_watches_patches_and_deletes_with_the_bootstrap_kubeconfig()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Scenario(database.Url);
    }

    [KubectlFact]
    public async Task On_sqlite_kubectls_typed_create_commands_make_workloads_services_and_ingresses()
    {
        // These commands send protobuf, not JSON, and kubectl does not fall back.
        using var dir = new TempDirectory();
        var (server, kubectl) = await KubectlServer.StartAsync(dir.Path, null, WatchDeadline);
        await using var running = server;
        (string[] Create, string Said)[] creates =
        [
            (["deployment", "web", "--image=busybox:1.36", "--replicas=2", "--port=8080"], "deployment.apps/web created"),
            (["job", "once", "--image=busybox:1.36", "--", "echo", "hi"], "job.batch/once created"),
            (["cronjob", "tick", "--image=busybox:1.36", "--schedule=*/5 * * * *"], "cronjob.batch/tick created"),
            (["job", "tick-now", "--from=cronjob/tick"], "job.batch/tick-now created"),
            (["service", "clusterip", "web", "--tcp=80:8080"], "service/web created"),
            (["service", "nodeport", "edge", "--tcp=80:8080", "--node-port=30080"], "service/edge created"),
            (["service", "loadbalancer", "public", "--tcp=443:8443"], "service/public created"),
            (["service", "externalname", "upstream", "--external-name=example.com"], "service/upstream created"),
            (["serviceaccount", "robot"], "serviceaccount/robot created"),
            (["ingress", "site", "--rule=web.local/=web:80"], "ingress.networking.k8s.io/site created"),
        ];
        foreach (var (create, said) in creates)
        {
            Assert.Equal(said + "\n", (await Succeeds(kubectl.RunAsync(["create", .. create]))).Stdout);
        }

        var made = await Succeeds(kubectl.RunAsync("get", "deploy/web", "job/once", "job/tick-now", "svc/web", "svc/edge", "svc/upstream", "ing/site", "-o",
            "jsonpath={.items[0].spec.replicas} {.items[1].spec.template.spec.containers[0].command} {.items[2].metadata.ownerReferences[0].kind} " +
            "{.items[3].spec.ports[0].targetPort} {.items[4].spec.ports[0].nodePort} {.items[5].spec.externalName} " +
            "{.items[6].spec.rules[0].http.paths[0].backend.service.name}"));
        Assert.Equal("""2 ["echo","hi"] CronJob 8080 30080 example.com web""" + "\n", made.Stdout);
    }

    private static async Task Scenario(string? datastore)
    {
        using var dir = new TempDirectory();
        var (server, kubectl) = await KubectlServer.StartAsync(dir.Path, datastore, WatchDeadline);
        await using var running = server;
        var manifests = Path.Combine(dir.Path, "manifests");
        Directory.CreateDirectory(manifests);
        string Manifest(string name, string text)
        {
            var path = Path.Combine(manifests, name);
            File.WriteAllText(path, text);
            return path;
        }

        var namespaces = await Succeeds(kubectl.RunAsync("get", "ns"));
        Assert.Matches(@"(?m)^NAME\s+STATUS\s+AGE$", namespaces.Stdout);
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Assert.Matches($@"(?m)^{name}\s+Active\s", namespaces.Stdout);
        }

        // kubectl's typed create commands send protobuf; manifests go as JSON.
        Assert.Equal("namespace/demo created\n", (await Succeeds(kubectl.RunAsync("create", "ns", "demo"))).Stdout);
        Assert.Equal("namespace/manifested created\n", (await Succeeds(kubectl.RunAsync("create", "-f", Manifest("ns.yaml", Namespace)))).Stdout);
        await Succeeds(kubectl.RunAsync("create", "configmap", "settings", "-n", "demo", "--from-literal=mode=fast", "--from-literal=size=2"));
        await Succeeds(kubectl.RunAsync("create", "secret", "generic", "login", "-n", "demo", "--from-literal=password=s3cret"));
        var literals = await Succeeds(kubectl.RunAsync("get", "configmap", "settings", "-n", "demo", "-o", "jsonpath={.data.mode} {.data.size}"));
        Assert.Equal("fast 2\n", literals.Stdout);
        var secret = await Succeeds(kubectl.RunAsync("get", "secret", "login", "-n", "demo", "-o", "jsonpath={.type} {.data.password}"));
        Assert.Equal($"Opaque {Convert.ToBase64String("s3cret"u8)}\n", secret.Stdout);

        // kubectl asks the server to refuse unknown fields (fieldValidation=Strict); --validate=false lets them through, kept as written.
        var app = Manifest("app.yaml", App);
        var strict = await kubectl.RunAsync("apply", "-f", app);
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.template.spec.containers[0].berthTestUnknownField\"", strict.Stderr);
        await Succeeds(kubectl.RunAsync("delete", "configmap", "web-config", "-n", "demo")); // it went through before the deployment failed
        var applied = await Succeeds(kubectl.RunAsync("apply", "--validate=false", "-f", app));
        Assert.Equal("configmap/web-config created\ndeployment.apps/web created\n", applied.Stdout);

        var json = await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-n", "demo", "-o", "json"));
        var deployment = JsonNode.Parse(json.Stdout)!;
        Assert.Equal("Deployment", deployment["kind"]!.GetValue<string>());
        Assert.Equal("demo", deployment["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(1, deployment["metadata"]!["generation"]!.GetValue<long>());
        Assert.True(Guid.TryParse(deployment["metadata"]!["uid"]!.GetValue<string>(), out _));
        Assert.NotNull(deployment["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("kept as written", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["berthTestUnknownField"]!.GetValue<string>());

        var again = await Succeeds(kubectl.RunAsync("apply", "-f", app));
        Assert.Equal("configmap/web-config unchanged\ndeployment.apps/web unchanged\n", again.Stdout);

        // A changed manifest goes as a strategic merge patch: the container merges by name.
        var changed = await Succeeds(kubectl.RunAsync("apply", "-f", Manifest("app-v2.yaml", App.Replace("busybox:1.36", "busybox:1.37"))));
        Assert.Equal("configmap/web-config unchanged\ndeployment.apps/web configured\n", changed.Stdout);
        await Succeeds(kubectl.RunAsync("set", "image", "deployment/web", "-n", "demo", "web=busybox:1.38"));
        var image = await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-n", "demo",
            "-o", "jsonpath={.metadata.generation} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].berthTestUnknownField}"));
        Assert.Equal("3 busybox:1.38 kept as written\n", image.Stdout);

        using (var watch = kubectl.Start("get", "configmaps", "-n", "demo", "-w", "--output-watch-events"))
        {
            await Eventually.WaitForAsync("kubectl get -w lists what exists",
                () => Task.FromResult(watch.Output), output => output.Contains("ADDED"), WatchDeadline);
            await Succeeds(kubectl.RunAsync("annotate", "configmap", "web-config", "-n", "demo", "note=changed"));
            await Eventually.WaitForAsync("kubectl get -w sees the change another kubectl made",
                () => Task.FromResult(watch.Output), output => output.Contains("MODIFIED"), WatchDeadline);
        }

        Assert.Equal("deployment.apps/web labeled\n", (await Succeeds(kubectl.RunAsync("label", "deploy", "web", "-n", "demo", "tier=frontend"))).Stdout);
        await Succeeds(kubectl.RunAsync("patch", "deploy", "web", "-n", "demo", "--type=merge", "-p", """{"spec":{"replicas":3}}"""));
        var patched = await Succeeds(kubectl.RunAsync("get", "deploy", "-n", "demo", "-l", "tier=frontend",
            "-o", "jsonpath={.items[0].metadata.generation} {.items[0].spec.replicas}"));
        Assert.Equal("4 3\n", patched.Stdout);

        Assert.Equal("deployment.apps/web scaled\n", (await Succeeds(kubectl.RunAsync("scale", "deploy", "web", "-n", "demo", "--replicas=5"))).Stdout);
        await Succeeds(kubectl.RunAsync("scale", "deploy", "web", "-n", "demo", "--replicas=1", "--current-replicas=5"));
        var scaled = await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.spec.replicas}"));
        Assert.Equal("1\n", scaled.Stdout);

        var misspelled = await kubectl.RunAsync("apply", "-f", Manifest("misspelled.yaml", Misspelled));
        Assert.Equal(1, misspelled.ExitCode);
        Assert.Equal("Error from server (BadRequest): error when creating \"" + Path.Combine(manifests, "misspelled.yaml") + "\": Deployment in version \"v1\" "
            + "cannot be handled as a Deployment: strict decoding error: unknown field \"spec.template.spec.containers[0].imagePullPolcy\"\n", misspelled.Stderr);

        var explained = await Succeeds(kubectl.RunAsync("explain", "deployment.spec"));
        Assert.StartsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n", explained.Stdout);
        Assert.Matches(@"(?m)^  replicas\t<integer>$", explained.Stdout);
        Assert.Matches(@"(?m)^  template\t<PodTemplateSpec> -required-$", explained.Stdout);
        var containers = await Succeeds(kubectl.RunAsync("explain", "pod.spec.containers.ports"));
        Assert.Matches(@"(?m)^  containerPort\t<integer> -required-$", containers.Stdout);

        await PrintsTablesAsync(kubectl, Manifest);

        var invalid = await kubectl.RunAsync("apply", "-f", Manifest("bad.yaml", BadName));
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", invalid.Stderr);

        // Server-side dry runs print kubectl's usual lines and change nothing.
        var dryDelete = await Succeeds(kubectl.RunAsync("delete", "deploy", "web", "-n", "demo", "--dry-run=server"));
        Assert.Equal("deployment.apps \"web\" deleted (server dry run)\n", dryDelete.Stdout);
        var dryCreate = await Succeeds(kubectl.RunAsync("create", "configmap", "dry", "-n", "demo", "--from-literal=k=v", "--dry-run=server"));
        Assert.Equal("configmap/dry created (server dry run)\n", dryCreate.Stdout);
        await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-n", "demo"));
        Assert.Equal(1, (await kubectl.RunAsync("get", "configmap", "dry", "-n", "demo")).ExitCode);

        // Admission names every bad field at once, one line each, as kubectl prints a real cluster's refusal.
        var missingImage = await kubectl.RunAsync("apply", "-f", Manifest("missing-image.yaml", MissingImage));
        Assert.Equal(1, missingImage.ExitCode);
        Assert.Equal(
            "The Deployment \"broken\" is invalid: \n"
            + "* metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n"
            + "* spec.template.spec.containers[0].image: Required value\n",
            missingImage.Stderr);

        // A Service gets its cluster IP from the service range, and keeps it.
        await Succeeds(kubectl.RunAsync("apply", "-f", Manifest("service.yaml", Service)));
        var clusterIP = (await Succeeds(kubectl.RunAsync("get", "svc", "web", "-n", "demo", "-o", "jsonpath={.spec.clusterIP}"))).Stdout;
        Assert.Matches(@"^10\.43\.\d+\.\d+$", clusterIP);
        Assert.Equal("service/web unchanged\n", (await Succeeds(kubectl.RunAsync("apply", "-f", Manifest("service.yaml", Service)))).Stdout);
        var moved = await kubectl.RunAsync("patch", "svc", "web", "-n", "demo", "-p", """{"spec":{"clusterIP":"10.43.0.99"}}""");
        Assert.Equal(1, moved.ExitCode);
        Assert.Equal("The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.99\"}: may not change once set\n", moved.Stderr);

        var deleted = await Succeeds(kubectl.RunAsync("delete", "-f", app));
        Assert.Equal("configmap \"web-config\" deleted\ndeployment.apps \"web\" deleted\n", deleted.Stdout);
        var missing = await kubectl.RunAsync("get", "deploy", "web", "-n", "demo");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): deployments.apps \"web\" not found\n", missing.Stderr);

        await DeletesBySelectorOrphansAndTerminatesTheNamespace(kubectl, app, Manifest("hold.yaml", Hold));
    }

    private static async Task DeletesBySelectorOrphansAndTerminatesTheNamespace(Kubectl kubectl, string app, string hold)
    {
        // kubectl delete -l lists what matches, then deletes each.
        await Succeeds(kubectl.RunAsync("create", "configmap", "old-1", "-n", "demo"));
        await Succeeds(kubectl.RunAsync("create", "configmap", "old-2", "-n", "demo"));
        await Succeeds(kubectl.RunAsync("label", "configmap", "old-1", "old-2", "-n", "demo", "generation=old"));
        var bySelector = await Succeeds(kubectl.RunAsync("delete", "cm", "-n", "demo", "-l", "generation=old"));
        Assert.Equal("configmap \"old-1\" deleted\nconfigmap \"old-2\" deleted\n", bySelector.Stdout);
        var left = await Succeeds(kubectl.RunAsync("get", "cm", "-n", "demo", "-o", "jsonpath={.items[*].metadata.name}"));
        Assert.Contains("settings", left.Stdout);
        Assert.DoesNotContain("old-", left.Stdout);

        // --cascade=orphan leaves the orphan finalizer for the garbage collector; taking it off completes the delete.
        await Succeeds(kubectl.RunAsync("apply", "--validate=false", "-f", app));
        using (var watch = kubectl.Start("get", "deploy", "web", "-n", "demo", "-w", "--output-watch-events", "-o", "jsonpath={.type} {.object.metadata.finalizers}{\"\\n\"}"))
        {
            await Eventually.WaitForAsync("the watch lists the deployment", () => Task.FromResult(watch.Output), output => output.Contains("ADDED"), WatchDeadline);
            var orphaned = await Succeeds(kubectl.RunAsync("delete", "deploy", "web", "-n", "demo", "--cascade=orphan", "--wait=false"));
            Assert.Equal("deployment.apps \"web\" deleted\n", orphaned.Stdout);
            await Eventually.WaitForAsync("the deployment stays, marked with the orphan finalizer",
                () => Task.FromResult(watch.Output), output => output.Contains("MODIFIED [\"orphan\"]"), WatchDeadline);
            // Berth's garbage collector takes the finalizer off; the test does it too, in case it runs first.
            var released = await kubectl.RunAsync("patch", "deploy", "web", "-n", "demo", "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");
            Assert.True(released.ExitCode == 0 || released.Stderr.Contains("NotFound"), released.ToString());
            await Eventually.WaitForAsync("the deployment goes once the finalizer is off",
                () => Task.FromResult(watch.Output), output => output.Contains("DELETED"), WatchDeadline);
        }

        // A deleted namespace is Terminating and takes no new content while something in it holds it.
        await Succeeds(kubectl.RunAsync("apply", "-f", hold));
        Assert.Equal("namespace \"demo\" deleted\n", (await Succeeds(kubectl.RunAsync("delete", "ns", "demo", "--wait=false"))).Stdout);
        Assert.Equal("Terminating\n", (await Succeeds(kubectl.RunAsync("get", "ns", "demo", "-o", "jsonpath={.status.phase}"))).Stdout);
        var late = await kubectl.RunAsync("create", "configmap", "late", "-n", "demo");
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("configmaps \"late\" is forbidden: unable to create new content in namespace demo because it is being terminated", late.Stderr);
        await Succeeds(kubectl.RunAsync("patch", "configmap", "hold", "-n", "demo", "--type=merge", "-p", """{"metadata":{"finalizers":null}}"""));
    }

    private static async Task<ProcessResult> Succeeds(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
