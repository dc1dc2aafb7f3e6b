using System.Text.Json.Nodes;
using Berth.Api.Kubernetes.Protobuf;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes.Protobuf;

/// <summary>
/// kubectl's typed commands send protobuf. For each, the body the real kubectl sent (from its <c>-v=10</c> log)
/// must decode to exactly the JSON kubectl renders for the same command with <c>--dry-run=client -o json</c>,
/// and the object Berth stored must hold all of it.
/// </summary>
public sealed class KubectlCreateBodiesTests(KubectlOnBerth berth) : IClassFixture<KubectlOnBerth>
{
    [KubectlFact]
    public async Task A_deployment_with_replicas_ports_and_a_command()
    {
        var stored = await CreatesAsRendered(["deployment", "web", "--image=busybox:1.36", "--replicas=3", "--port=8080"], ["httpd", "-f", "-p", "8080"]);
        Assert.Equal(8080, stored["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<int>());
    }

    [KubectlFact]
    public async Task A_deployment_of_zero_replicas_keeps_the_zero()
    {
        var stored = await CreatesAsRendered(["deployment", "idle", "--image=busybox:1.36", "--replicas=0"]);
        Assert.Equal(0, stored["spec"]!["replicas"]!.GetValue<int>());
    }

    [KubectlFact]
    public Task A_job() => CreatesAsRendered(["job", "once", "--image=busybox:1.36"], ["echo", "hi"]);

    [KubectlFact]
    public Task A_cron_job() => CreatesAsRendered(["cronjob", "tick", "--image=busybox:1.36", "--schedule=*/1 * * * *", "--restart=Never"], ["date"]);

    [KubectlFact]
    public async Task A_job_from_a_cron_job_carries_its_whole_pod_template_and_owner()
    {
        var manifest = Path.Combine(berth.DataDirectory, "nightly.yaml");
        await File.WriteAllTextAsync(manifest, RichCronJob.Manifest);
        await Succeeds(berth.Kubectl.RunAsync("apply", "-f", manifest));

        var job = await CreatesAsRendered(["job", "nightly-now", $"--from=cronjob/{RichCronJob.Name}"]);

        Assert.Equal("CronJob", job["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>());
        var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("http", container["livenessProbe"]!["httpGet"]!["port"]!.GetValue<string>());
        Assert.Equal(0, container["securityContext"]!["runAsUser"]!.GetValue<int>());
    }

    [KubectlFact]
    public Task A_cluster_IP_service_with_two_ports() => CreatesAsRendered(["service", "clusterip", "front", "--tcp=80:8080", "--tcp=443:8443"]);

    [KubectlFact]
    public Task A_headless_service() => CreatesAsRendered(["service", "clusterip", "peers", "--clusterip=None"]);

    [KubectlFact]
    public Task A_node_port_service() => CreatesAsRendered(["service", "nodeport", "edge", "--tcp=80:8080", "--node-port=30080"]);

    [KubectlFact]
    public async Task A_load_balancer_service_with_a_named_target_port()
    {
        var stored = await CreatesAsRendered(["service", "loadbalancer", "public", "--tcp=443:https"]);
        Assert.Equal("https", stored["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>());
    }

    [KubectlFact]
    public Task An_external_name_service() => CreatesAsRendered(["service", "externalname", "upstream", "--external-name=example.com"]);

    [KubectlFact]
    public Task A_service_account() => CreatesAsRendered(["serviceaccount", "robot"]);

    [KubectlFact]
    public Task An_ingress_with_rules_TLS_a_class_and_a_default_backend() => CreatesAsRendered(
        ["ingress", "site", "--class=default", "--rule=foo.com/=front:8080,tls=foo-cert", "--rule=bar.com/admin*=admin:http",
         "--default-backend=fallback:http", "--annotation=team=web"]);

    [KubectlFact]
    public Task A_namespace() => CreatesAsRendered(["namespace", "team-a"]);

    [KubectlFact]
    public Task A_config_map() => CreatesAsRendered(["configmap", "settings", "--from-literal=mode=fast", "--from-literal=size=2"]);

    [KubectlFact]
    public Task A_docker_registry_secret() => CreatesAsRendered(["secret", "docker-registry", "registry", "--docker-server=registry.local", "--docker-username=ci", "--docker-password=s3cret"]);

    [KubectlFact]
    public async Task A_pod_copied_by_kubectl_debug_keeps_the_original_spec()
    {
        await Succeeds(berth.Kubectl.RunAsync("run", "original", "--image=busybox:1.36", "--", "sleep", "3600"));

        await Succeeds(berth.Kubectl.RunAsync("debug", "original", "--copy-to=copy", "--image=busybox:1.36", "--container=debugger"));

        var copy = JsonNode.Parse((await Succeeds(berth.Kubectl.RunAsync("get", "pod", "copy", "-o", "json"))).Stdout)!;
        var containers = copy["spec"]!["containers"]!.AsArray();
        Assert.Equal(["original", "debugger"], containers.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(["sleep", "3600"], containers[0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    /// <summary>
    /// Runs <c>kubectl create ARGUMENTS [-- COMMAND]</c>, checks the protobuf body it sent decodes to
    /// what kubectl renders for it, and answers the object Berth stored.
    /// </summary>
    private async Task<JsonObject> CreatesAsRendered(string[] arguments, string[]? command = null)
    {
        string[] create = ["create", .. arguments];
        string[] tail = command is null ? [] : ["--", .. command];

        var rendered = await Succeeds(berth.Kubectl.RunAsync([.. create, "--dry-run=client", "-o", "json", .. tail]));
        var expected = JsonNode.Parse(rendered.Stdout)!.AsObject();
        // -v=10 logs whole request bodies; -v=9 cuts them at 10 KiB.
        var created = await Succeeds(berth.Kubectl.RunAsync(["-v=10", .. create, .. tail]));

        var body = Assert.Single(KubectlRequestBodies.In(created.Stderr));
        var decoded = ProtobufObjects.TryDecode(body);
        Assert.True(JsonNode.DeepEquals(expected, decoded), $"kubectl rendered:\n{expected}\nBerth decoded:\n{decoded}");

        var stored = JsonNode.Parse((await Succeeds(berth.Kubectl.RunAsync("get", expected["kind"]!.GetValue<string>(),
            expected["metadata"]!["name"]!.GetValue<string>(), "-o", "json"))).Stdout)!.AsObject();
        // Status is the server's to write, and Kubernetes resets it on create, so only what kubectl asked for is compared.
        var asked = expected.DeepClone().AsObject();
        asked.Remove("status");
        Assert.Null(JsonContainment.FirstDifference(asked, stored));
        return stored;
    }

    private static async Task<ProcessResult> Succeeds(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
