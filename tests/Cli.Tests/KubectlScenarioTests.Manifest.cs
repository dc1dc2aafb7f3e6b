using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>
/// Issue 4's acceptance list on one manifest of every kind it names: apply, apply again, change,
/// every output format, each patch type, api-resources, an orphaning delete and a namespace's end,
/// all through the real kubectl with nothing told to skip waiting.
/// </summary>
public sealed partial class KubectlScenarioTests
{
    private const string Shop = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
        data:
          mode: fast
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: login
          namespace: shop
        data:
          password: czNjcmV0
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
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
                image: busybox:1.35
                env:
                - name: A
                  value: "1"
                ports:
                - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: 8080
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: once
          namespace: shop
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: once
                image: busybox:1.36
                command: ["echo", "hi"]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: tick
          namespace: shop
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: tick
                    image: busybox:1.36
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: site
          namespace: shop
        spec:
          rules:
          - host: web.local
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: web
                    port:
                      number: 80
        """;

    // The Secret carries data, not stringData: with stringData kubectl reports every re-apply as
    // "configured", on Kubernetes too (kubernetes/kubernetes#87736), as its patch always holds it.
    private static readonly string[] ShopObjects =
    [
        "namespace/shop", "configmap/settings", "secret/login", "deployment.apps/web", "service/web", "job.batch/once", "cronjob.batch/tick",
        "ingress.networking.k8s.io/site",
    ];

    [KubectlFact]
    public async Task On_sqlite_a_manifest_of_every_kind_applies_reapplies_unchanged_prints_patches_orphans_and_goes_with_its_namespace()
    {
        using var dir = new TempDirectory();
        var (server, kubectl) = await KubectlServer.StartAsync(dir.Path, null, WatchDeadline);
        await using var running = server;
        var manifest = Path.Combine(dir.Path, "shop.yaml");
        await File.WriteAllTextAsync(manifest, Shop);

        var created = await Succeeds(kubectl.RunAsync("apply", "-f", manifest));
        Assert.Equal(string.Concat(ShopObjects.Select(o => $"{o} created\n")), created.Stdout);
        var again = await Succeeds(kubectl.RunAsync("apply", "-f", manifest));
        Assert.Equal(string.Concat(ShopObjects.Select(o => $"{o} unchanged\n")), again.Stdout);
        await File.WriteAllTextAsync(manifest, Shop.Replace("busybox:1.35", "busybox:1.37"));
        var changed = await Succeeds(kubectl.RunAsync("apply", "-f", manifest));
        Assert.Equal(string.Concat(ShopObjects.Select(o => $"{o} {(o == "deployment.apps/web" ? "configured" : "unchanged")}\n")), changed.Stdout);

        await PrintsInEveryFormat(kubectl);
        await PatchesEachWay(kubectl);
        await ListsTheResources(kubectl);
        await OrphansAndEndsTheNamespace(kubectl);
    }

    private static async Task PrintsInEveryFormat(Kubectl kubectl)
    {
        var yaml = await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-n", "shop", "-o", "yaml"));
        Assert.Contains("kind: Deployment\n", yaml.Stdout);
        Assert.Matches(@"(?m)^  generation: 2$", yaml.Stdout);
        Assert.Matches(@"(?m)^        image: busybox:1\.37$", yaml.Stdout);
        var json = await Succeeds(kubectl.RunAsync("get", "secret", "login", "-n", "shop", "-o", "json"));
        Assert.Contains($"\"password\": \"{Convert.ToBase64String("s3cret"u8)}\"", json.Stdout);
        var names = await Succeeds(kubectl.RunAsync("get", "deploy,svc,job,cronjob,ingress,cm,secret", "-n", "shop", "-o", "name"));
        Assert.Equal("deployment.apps/web\nservice/web\njob.batch/once\ncronjob.batch/tick\ningress.networking.k8s.io/site\nconfigmap/settings\nsecret/login\n", names.Stdout);
        var wide = await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-n", "shop", "-o", "wide"));
        Assert.Matches(@"(?m)^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$", wide.Stdout);
        Assert.Matches(@"(?m)^web\s+0/2\s+0\s+0\s+\S+\s+web\s+busybox:1\.37\s+app=web$", wide.Stdout);
        var columns = await Succeeds(kubectl.RunAsync("get", "cronjob", "-n", "shop", "-o", "custom-columns=NAME:.metadata.name,SCHEDULE:.spec.schedule"));
        Assert.Equal("NAME   SCHEDULE\ntick   */5 * * * *\n", columns.Stdout);
        var path = await Succeeds(kubectl.RunAsync("get", "ingress", "site", "-n", "shop", "-o", "jsonpath={.spec.rules[0].host} {.spec.rules[0].http.paths[0].backend.service.name}"));
        Assert.Equal("web.local web\n", path.Stdout);
    }

    private static async Task PatchesEachWay(Kubectl kubectl)
    {
        string[] env = ["get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[*].name}"];

        // Strategic merge (kubectl's default for built-in kinds): containers and env merge by name.
        await Succeeds(kubectl.RunAsync("patch", "deploy", "web", "-n", "shop", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}}}}"""));
        Assert.Equal("busybox:1.37 A B\n", (await Succeeds(kubectl.RunAsync(env))).Stdout);
        await Succeeds(kubectl.RunAsync("patch", "deploy", "web", "-n", "shop", "--type=strategic", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"A","$patch":"delete"}]}]}}}}"""));
        Assert.Equal("busybox:1.37 B\n", (await Succeeds(kubectl.RunAsync(env))).Stdout);

        // JSON patch: all or nothing; a failed test leaves the object as it was.
        await Succeeds(kubectl.RunAsync("patch", "deploy", "web", "-n", "shop", "--type=json", "-p",
            """[{"op":"test","path":"/spec/replicas","value":2},{"op":"replace","path":"/spec/replicas","value":4}]"""));
        var refused = await kubectl.RunAsync("patch", "deploy", "web", "-n", "shop", "--type=json", "-p",
            """[{"op":"replace","path":"/spec/replicas","value":9},{"op":"test","path":"/spec/replicas","value":2}]""");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Equal("4\n", (await Succeeds(kubectl.RunAsync("get", "deploy", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}"))).Stdout);
    }

    private static async Task ListsTheResources(Kubectl kubectl)
    {
        var resources = await Succeeds(kubectl.RunAsync("api-resources"));
        Assert.Matches(@"(?m)^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$", resources.Stdout);
        foreach (var row in new[]
                 {
                     @"namespaces\s+ns\s+v1\s+false\s+Namespace", @"pods\s+po\s+v1\s+true\s+Pod", @"deployments\s+deploy\s+apps/v1\s+true\s+Deployment",
                     @"cronjobs\s+cj\s+batch/v1\s+true\s+CronJob", @"ingresses\s+ing\s+networking\.k8s\.io/v1\s+true\s+Ingress",
                     @"leases\s+coordination\.k8s\.io/v1\s+true\s+Lease", @"endpointslices\s+discovery\.k8s\.io/v1\s+true\s+EndpointSlice",
                     @"nodes\s+no\s+v1\s+false\s+Node",
                 })
        {
            Assert.Matches($"(?m)^{row}$", resources.Stdout);
        }
    }

    private static async Task OrphansAndEndsTheNamespace(Kubectl kubectl)
    {
        // A pod the job owns; no job controller runs yet, so it is written here as one would.
        var uid = (await Succeeds(kubectl.RunAsync("get", "job", "once", "-n", "shop", "-o", "jsonpath={.metadata.uid}"))).Stdout.Trim();
        await Succeeds(kubectl.RunAsync("run", "once-1", "-n", "shop", "--image=busybox:1.36", "--restart=Never", "--overrides",
            $$$"""{"metadata":{"ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"once","uid":"{{{uid}}}","controller":true}]}}"""));

        // kubectl waits until the job is gone, which takes the garbage collector dropping the orphan finalizer.
        Assert.Equal("job.batch \"once\" deleted\n", (await Succeeds(kubectl.RunAsync("delete", "job", "once", "-n", "shop", "--cascade=orphan"))).Stdout);
        var pod = await Succeeds(kubectl.RunAsync("get", "pod", "once-1", "-n", "shop", "-o", "jsonpath={.metadata.name} [{.metadata.ownerReferences}]"));
        Assert.Equal("once-1 []\n", pod.Stdout);

        // And the namespace: kubectl waits while the namespace controller empties it.
        Assert.Equal("namespace \"shop\" deleted\n", (await Succeeds(kubectl.RunAsync("delete", "ns", "shop"))).Stdout);
        var gone = await kubectl.RunAsync("get", "ns", "shop");
        Assert.Equal("Error from server (NotFound): namespaces \"shop\" not found\n", gone.Stderr);
        Assert.Equal("No resources found\n", (await kubectl.RunAsync("get", "pods", "-A", "--field-selector", "metadata.namespace=shop")).Stderr);
    }
}
