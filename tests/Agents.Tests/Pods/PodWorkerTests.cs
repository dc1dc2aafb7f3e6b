using System.Text;
using System.Text.Json.Nodes;
using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Agents.Tests.Pods;

/// <summary>The pod worker against the real Docker engine: what runs, restarts, ends and is adopted.</summary>
public sealed class PodWorkerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // Short back-off so crash loops show within a test; the doubling is what is checked.
    private static readonly RestartBackoff FastBackoff = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(3));

    private readonly DockerEngine engine = DockerEngine.FromEnvironment();
    private readonly NodeIdentity node = new($"node-{Guid.NewGuid():N}"[..20], "127.0.0.2");
    private readonly List<PodEvent> events = [];

    [DockerFact]
    public async Task A_pod_runs_with_its_env_and_reports_running_ready_and_its_container()
    {
        var pod = Pod("web", """
            "containers": [{ "name": "main", "image": "IMAGE", "imagePullPolicy": "Never",
              "command": ["sh", "-c"], "args": ["echo \"greeting=$GREETING\"; exec sleep 300"],
              "env": [{ "name": "GREETING", "value": "hello from berth" }] }]
            """);
        var worker = Worker();

        var status = await worker.SyncAsync(pod);

        Assert.Equal("Running", (string?)status["phase"]);
        var container = Single(status);
        Assert.Equal("main", (string?)container["name"]);
        Assert.NotNull(container["state"]!["running"]!["startedAt"]);
        Assert.True((bool)container["ready"]!);
        Assert.Equal(0, (int)container["restartCount"]!);
        Assert.StartsWith("docker://", (string?)container["containerID"]);
        Assert.Equal("True", Condition(status, "Ready"));
        Assert.Equal("127.0.0.2", (string?)status["hostIP"]);
        Assert.False(string.IsNullOrEmpty((string?)status["podIP"]));
        Assert.Contains(events, e => e.Reason == "Started");
        var id = ((string)container["containerID"]!)["docker://".Length..];
        await Eventually.WaitForAsync("the log shows the env", () => LogAsync(id), log => log.Contains("greeting=hello from berth"), Deadline);
    }

    [DockerFact]
    public async Task A_crashing_container_restarts_with_a_doubling_back_off_and_reports_crash_loop_back_off()
    {
        var pod = Pod("crash", """
            "containers": [{ "name": "crash", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "echo crashing; exit 1"] }]
            """);
        var worker = Worker();
        var backOffs = new List<string>();

        var status = await Eventually.WaitForAsync("three restarts",
            async () =>
            {
                var synced = await worker.SyncAsync(pod);
                if (Single(synced)["state"]!["waiting"] is { } waiting && (string?)waiting["reason"] == "CrashLoopBackOff")
                {
                    var message = (string)waiting["message"]!;
                    if (!backOffs.Contains(message))
                    {
                        backOffs.Add(message);
                    }
                }

                return synced;
            },
            synced => (int)Single(synced)["restartCount"]! >= 3, Deadline);

        Assert.Equal("Running", (string?)status["phase"]); // a crash loop is still Running, as on Kubernetes
        // Each wait seen is the one before doubled (a slow sync may miss one wait, never reorder them).
        var waits = backOffs.Select(m => m.Split(' ')[1]).ToList();
        Assert.True(waits.Count >= 2, string.Join(", ", backOffs));
        Assert.Equal(waits, new[] { "300ms", "600ms", "1.2s", "2.4s", "3s" }.Where(waits.Contains));
        Assert.Contains("restarting failed container=crash pod=crash_default(", backOffs[0]);
        var last = Single(status)["lastState"]!["terminated"]!;
        Assert.Equal(1, (int)last["exitCode"]!);
        Assert.Equal("Error", (string?)last["reason"]);
        Assert.True(await CountContainersAsync(pod.Uid) <= 3, "only the latest start and the one before it are kept, beside the infra container");
    }

    [DockerFact]
    public async Task Restart_policy_never_ends_failed_and_on_failure_ends_succeeded_after_a_clean_exit()
    {
        var never = Pod("never", """
            "restartPolicy": "Never",
            "containers": [{ "name": "job", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "exit 2"] }]
            """);
        var onFailure = Pod("onfailure", """
            "restartPolicy": "OnFailure",
            "containers": [{ "name": "job", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["true"] }]
            """);
        var worker = Worker();

        var failed = await Eventually.WaitForAsync("the never pod ends", () => worker.SyncAsync(never), s => (string?)s["phase"] != "Running", Deadline);
        var succeeded = await Eventually.WaitForAsync("the on-failure pod ends", () => worker.SyncAsync(onFailure), s => (string?)s["phase"] != "Running", Deadline);

        Assert.Equal("Failed", (string?)failed["phase"]);
        var terminated = Single(failed)["state"]!["terminated"]!;
        Assert.Equal(2, (int)terminated["exitCode"]!);
        Assert.Equal("Error", (string?)terminated["reason"]);
        Assert.Equal(0, (int)Single(failed)["restartCount"]!);
        Assert.Equal("Succeeded", (string?)succeeded["phase"]);
        Assert.Equal("Completed", (string?)Single(succeeded)["state"]!["terminated"]!["reason"]);
        Assert.Equal("PodCompleted", ConditionReason(succeeded, "Ready"));
    }

    [DockerFact]
    public async Task A_new_worker_adopts_the_running_containers_instead_of_starting_them_twice()
    {
        var pod = Pod("adopt", """
            "containers": [{ "name": "a", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] },
                           { "name": "b", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var before = await Worker().SyncAsync(pod);

        var after = await Worker().SyncAsync(pod); // as an agent that restarted would

        Assert.Equal(Ids(before), Ids(after));
        Assert.Equal(3, await CountContainersAsync(pod.Uid)); // a, b and the infra container
        Assert.Equal(2, events.Count(e => e.Reason == "Started"));
    }

    [DockerFact]
    public async Task Terminating_stops_gracefully_then_kills_after_the_grace_and_removes_every_container()
    {
        var pod = Pod("stop", """
            "containers": [{ "name": "polite", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"] },
                           { "name": "stubborn", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "trap '' TERM; while true; do sleep 0.1; done"] }]
            """);
        var worker = Worker();
        await worker.SyncAsync(pod);

        await worker.TerminateAsync(pod.Uid, TimeSpan.FromSeconds(1));

        Assert.Equal(0, await CountContainersAsync(pod.Uid)); // the infra container too
    }

    [DockerFact]
    public async Task Containers_of_pods_no_longer_wanted_are_removed_and_those_of_other_nodes_are_left_alone()
    {
        var kept = Pod("kept", """
            "containers": [{ "name": "c", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var gone = Pod("gone", """
            "containers": [{ "name": "c", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var otherNode = node with { Name = node.Name + "-other" };
        var worker = Worker();
        await worker.SyncAsync(kept);
        await worker.SyncAsync(gone);
        await new PodWorker(engine, otherNode, FastBackoff, TimeProvider.System).SyncAsync(gone);

        var removed = await new OrphanContainers(engine, node).RemoveAsync(new HashSet<string> { kept.Uid });

        Assert.Equal([gone.Uid], removed);
        Assert.Equal(2, await CountContainersAsync(kept.Uid)); // c and its infra container
        var left = await engine.ListContainersAsync([$"{ContainerLabels.PodUid}={gone.Uid}"]);
        Assert.Equal(2, left.Count); // c and its infra container
        Assert.All(left, c => Assert.Equal(otherNode.Name, c.Labels![ContainerLabels.Node]));
        await PodWorker.RemoveAsync(engine, left, TimeSpan.Zero, default);
    }

    [DockerFact]
    public async Task Init_containers_run_in_order_to_completion_before_the_app_containers()
    {
        var pod = Pod("init", """
            "initContainers": [{ "name": "first", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "echo first"] },
                               { "name": "second", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "sleep 1; echo second"] }],
            "containers": [{ "name": "app", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var worker = Worker();

        var first = await worker.SyncAsync(pod);
        var running = await Eventually.WaitForAsync("the app runs", () => worker.SyncAsync(pod), s => (string?)s["phase"] == "Running", Deadline);

        Assert.Equal("Pending", (string?)first["phase"]);
        Assert.Equal("False", Condition(first, "Initialized"));
        Assert.Equal("PodInitializing", Waiting(first));
        Assert.Equal(2, first["initContainerStatuses"]!.AsArray().Count);
        Assert.Equal("True", Condition(running, "Initialized"));
        Assert.All(running["initContainerStatuses"]!.AsArray(), init => Assert.Equal("Completed", (string?)init!["state"]!["terminated"]!["reason"]));
        var started = events.Where(e => e.Reason == "Started").Select(e => e.Message).ToList();
        Assert.Equal(["Started container first", "Started container second", "Started container app"], started);
    }

    [DockerFact]
    public async Task A_failing_init_container_fails_a_never_restarting_pod_and_keeps_others_initializing()
    {
        var never = Pod("initnever", """
            "restartPolicy": "Never",
            "initContainers": [{ "name": "broken", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "exit 3"] }],
            "containers": [{ "name": "app", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var always = Pod("initalways", """
            "initContainers": [{ "name": "broken", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "exit 3"] }],
            "containers": [{ "name": "app", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var worker = Worker();

        var failed = await Eventually.WaitForAsync("the never pod fails", () => worker.SyncAsync(never), s => (string?)s["phase"] == "Failed", Deadline);
        var retrying = await Eventually.WaitForAsync("the init container is retried",
            () => worker.SyncAsync(always), s => (int?)s["initContainerStatuses"]?[0]?["restartCount"] >= 1, Deadline);

        Assert.Equal(3, (int)failed["initContainerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!);
        Assert.Equal("Pending", (string?)retrying["phase"]);
        Assert.Equal("PodInitializing", Waiting(retrying));
        Assert.Equal(2, await CountContainersAsync(never.Uid)); // only the init container was ever made, and the infra container
        Assert.DoesNotContain(events, e => e.Message == "Started container app");
    }

    [DockerFact]
    public async Task The_containers_of_a_pod_share_one_network_on_localhost_and_its_port_is_published_by_the_infra_container()
    {
        var pod = Pod("shared", """
            "containers": [{ "name": "server", "image": "IMAGE", "imagePullPolicy": "Never",
                             "command": ["sh", "-c", "mkdir -p /www && echo served-on-localhost > /www/index.html && exec httpd -f -p 8080 -h /www"],
                             "ports": [{ "containerPort": 8080 }] },
                           { "name": "client", "image": "IMAGE", "imagePullPolicy": "Never",
                             "command": ["sh", "-c", "while true; do wget -q -O - http://127.0.0.1:8080/; sleep 0.2; done"],
                             "env": [{ "name": "POD_IP", "valueFrom": { "fieldRef": { "fieldPath": "status.podIP" } } }] }]
            """);
        var worker = Worker();

        var status = await worker.SyncAsync(pod);
        var infra = await InfraAsync(pod.Uid);
        var client = ContainerId(status, "client");
        await Eventually.WaitForAsync("the client reaches the server on 127.0.0.1", () => LogAsync(client), log => log.Contains("served-on-localhost"), Deadline);

        Assert.Equal("Running", (string?)status["phase"]);
        Assert.Equal(infra.NetworkSettings.IPAddress, (string?)status["podIP"]);
        Assert.False(string.IsNullOrEmpty(infra.NetworkSettings.IPAddress));
        Assert.Equal(PauseImage.Image, infra.Config.Image);
        Assert.Equal("shared", (await engine.ExecAsync(client, ["hostname"])).Stdout.Trim()); // the pod's name, shared through the infra container
        Assert.Equal(infra.NetworkSettings.IPAddress, (await engine.ExecAsync(client, ["sh", "-c", "echo $POD_IP"])).Stdout.Trim());
        var published = Assert.Single(infra.NetworkSettings.Ports!["8080/tcp"]!);
        Assert.Equal("127.0.0.2", published.HostIp);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            var body = await Eventually.WaitForAsync("the published port answers on the node address",
                async () => { try { return await http.GetStringAsync($"http://127.0.0.2:{published.HostPort}/"); } catch (HttpRequestException) { return ""; } },
                text => text.Contains("served-on-localhost"), Deadline);
            Assert.Contains("served-on-localhost", body);
        }

        // An app container that dies comes back in the same namespace: same pod address, same infra container.
        await engine.KillContainerAsync(client);
        var restarted = await Eventually.WaitForAsync("the client restarts", () => worker.SyncAsync(pod),
            s => ContainerId(s, "client") != client && StateOf(s, "client") == "running", Deadline);
        await Eventually.WaitForAsync("the restarted client reaches the server", () => LogAsync(ContainerId(restarted, "client")),
            log => log.Contains("served-on-localhost"), Deadline);
        Assert.Equal((string?)status["podIP"], (string?)restarted["podIP"]);
        Assert.Equal(infra.Id, (await InfraAsync(pod.Uid)).Id);

        // A new worker (a restarted agent) adopts the infra container with the rest: nothing is made twice.
        var adopted = await Worker().SyncAsync(pod);
        Assert.Equal(Ids(restarted), Ids(adopted));
        Assert.Equal(infra.Id, (await InfraAsync(pod.Uid)).Id);
        Assert.Equal(4, await CountContainersAsync(pod.Uid)); // server, client, the client's previous start, infra
    }

    [DockerFact]
    public async Task An_infra_container_stops_at_sigterm_and_a_pod_whose_infra_container_ended_starts_over_in_a_new_one()
    {
        var pod = Pod("sandbox", """
            "containers": [{ "name": "main", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var worker = Worker();
        var first = await worker.SyncAsync(pod);
        var infra = await InfraAsync(pod.Uid);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await engine.StopContainerAsync(infra.Id, TimeSpan.FromSeconds(30));
        stopping.Stop();

        var stopped = (await engine.InspectContainerAsync(infra.Id))!;
        Assert.Equal(0, stopped.State.ExitCode); // the pause program exits 0 at SIGTERM, not 137 after the grace
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {stopping.Elapsed}");
        var again = await Eventually.WaitForAsync("the pod runs in a new infra container", () => worker.SyncAsync(pod),
            s => StateOf(s, "main") == "running" && ContainerId(s, "main") != ContainerId(first, "main"), Deadline);
        var replaced = await InfraAsync(pod.Uid);
        Assert.NotEqual(infra.Id, replaced.Id);
        Assert.Equal(replaced.NetworkSettings.IPAddress, (string?)again["podIP"]);
        Assert.Equal(2, await CountContainersAsync(pod.Uid)); // main and the new infra container: the old ones are gone
        Assert.Contains(events, e => e.Reason == "SandboxChanged");
    }

    [DockerFact]
    public async Task A_sidecar_starts_in_order_keeps_running_beside_the_app_and_is_restarted_when_it_exits()
    {
        var pod = Pod("sidecar", """
            "initContainers": [{ "name": "proxy", "image": "IMAGE", "imagePullPolicy": "Never", "restartPolicy": "Always",
                                 "command": ["sh", "-c", "mkdir -p /www && echo from-sidecar > /www/index.html && exec httpd -f -p 9090 -h /www"] },
                               { "name": "after", "image": "IMAGE", "imagePullPolicy": "Never",
                                 "command": ["sh", "-c", "until wget -q -O - http://127.0.0.1:9090/; do sleep 0.1; done"] }],
            "containers": [{ "name": "main", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sleep", "300"] }]
            """);
        var worker = Worker();

        var running = await Eventually.WaitForAsync("the app runs", () => worker.SyncAsync(pod), s => StateOf(s, "main") == "running", Deadline);

        var started = events.Where(e => e.Reason == "Started").Select(e => e.Message).ToList();
        Assert.Equal(["Started container proxy", "Started container after", "Started container main"], started);
        var proxy = InitStatus(running, "proxy");
        Assert.NotNull(proxy["state"]!["running"]);
        Assert.True((bool)proxy["started"]!);
        Assert.True((bool)proxy["ready"]!);
        Assert.Equal("Completed", (string?)InitStatus(running, "after")["state"]!["terminated"]!["reason"]);
        Assert.Equal("True", Condition(running, "Initialized"));
        Assert.Equal("True", Condition(running, "Ready"));
        await Eventually.WaitForAsync("the next init container got the sidecar's page on localhost",
            () => LogAsync(((string)InitStatus(running, "after")["containerID"]!)["docker://".Length..]), log => log.Contains("from-sidecar"), Deadline);

        // The sidecar exits: it is restarted beside the app, which keeps running, and the pod stays initialized.
        var sidecarId = ((string)proxy["containerID"]!)["docker://".Length..];
        await engine.KillContainerAsync(sidecarId);
        var restarted = await Eventually.WaitForAsync("the sidecar restarts", () => worker.SyncAsync(pod),
            s => (int)InitStatus(s, "proxy")["restartCount"]! == 1 && InitStatus(s, "proxy")["state"]!["running"] is not null, Deadline);
        Assert.Equal(ContainerId(running, "main"), ContainerId(restarted, "main"));
        Assert.Equal("True", Condition(restarted, "Initialized"));
        Assert.Single(events, e => e.Message == "Started container after"); // init containers do not run again
    }

    [DockerFact]
    public async Task A_pod_that_ends_stops_its_sidecar_and_its_infra_container_instead_of_restarting_them_and_keeps_its_ip()
    {
        var pod = Pod("sidecarjob", """
            "restartPolicy": "Never",
            "initContainers": [{ "name": "logger", "image": "IMAGE", "imagePullPolicy": "Never", "restartPolicy": "Always",
                                 "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"] }],
            "containers": [{ "name": "job", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "sleep 1; exit 0"] }]
            """);
        var worker = Worker();

        var done = await Eventually.WaitForAsync("the pod ends", () => worker.SyncAsync(pod), s => (string?)s["phase"] == "Succeeded", Deadline);
        var after = await worker.SyncAsync(pod);

        Assert.NotNull(InitStatus(after, "logger")["state"]!["terminated"]);
        Assert.Equal(0, (int)InitStatus(after, "logger")["restartCount"]!);
        Assert.Equal("Succeeded", (string?)after["phase"]);
        Assert.Equal("Completed", (string?)Single(done)["state"]!["terminated"]!["reason"]);
        Assert.False((await InfraAsync(pod.Uid)).State.Running); // its ports are free again; still one infra container, not a new one
        Assert.DoesNotContain(events, e => e.Reason == "SandboxChanged");

        // The pod keeps the address it had, as on Kubernetes, also through an agent restart (read back from the status the server holds).
        var ip = (string?)done["podIP"];
        Assert.False(string.IsNullOrEmpty(ip));
        Assert.Equal(ip, (string?)after["podIP"]);
        Assert.Equal(ip, (string?)after["podIPs"]![0]!["ip"]);
        Assert.Equal(ip, (string?)(await Worker().SyncAsync(pod with { Status = new PodStatusManifest(ip) }))["podIP"]);
    }

    [DockerFact]
    public async Task Sidecars_stop_after_the_app_containers_the_last_started_first_when_the_pod_ends_or_is_deleted()
    {
        // Each container writes its name to a shared file when it gets SIGTERM; the earlier it should stop, the longer
        // it takes to write, so containers stopped all at once, or sidecars in their start order, would write in another order.
        var shared = Directory.CreateTempSubdirectory("berth-sidecar-order").FullName;
        try
        {
            string Spec(string restartPolicy, string app) => $$"""
                "restartPolicy": "{{restartPolicy}}", "terminationGracePeriodSeconds": 20,
                "volumes": [{ "name": "shared", "hostPath": { "path": "{{shared}}" } }],
                "initContainers": [{{Writer("first", "0", "Always")}}, {{Writer("second", "0.5", "Always")}}],
                "containers": [{{app}}]
                """;
            var worker = Worker(volumes: new PodVolumes(Path.Combine(shared, "volumes")));

            var ending = Pod("ended", Spec("Never", """{ "name": "job", "image": "IMAGE", "imagePullPolicy": "Never", "command": ["sh", "-c", "sleep 1; echo job >> /shared/ended"], "volumeMounts": [{ "name": "shared", "mountPath": "/shared" }] }"""));
            await Eventually.WaitForAsync("the pod ends", () => worker.SyncAsync(ending), s => (string?)s["phase"] == "Succeeded", Deadline);
            var ended = await worker.SyncAsync(ending);
            Assert.All(new[] { "first", "second" }, name => Assert.NotNull(InitStatus(ended, name)["state"]!["terminated"]));
            Assert.Equal("job\nsecond\nfirst\n", await File.ReadAllTextAsync(Path.Combine(shared, "ended")));

            var deleted = Pod("deleted", Spec("Always", Writer("app", "1", null)));
            await Eventually.WaitForAsync("the app runs", () => worker.SyncAsync(deleted), s => StateOf(s, "app") == "running", Deadline);
            await worker.TerminateAsync(deleted.Uid, deleted.TerminationGrace);
            Assert.Equal("app\nsecond\nfirst\n", await File.ReadAllTextAsync(Path.Combine(shared, "deleted")));
            Assert.Equal(0, await CountContainersAsync(deleted.Uid));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }

        // A container that, at SIGTERM, waits this long and then appends its name to /shared/{the pod's name}.
        static string Writer(string name, string delay, string? restartPolicy) => $$"""
            { "name": "{{name}}", "image": "IMAGE", "imagePullPolicy": "Never"{{(restartPolicy is null ? "" : $", \"restartPolicy\": \"{restartPolicy}\"")}},
              "command": ["sh", "-c", "trap 'sleep {{delay}}; echo {{name}} >> /shared/$POD; exit 0' TERM; while true; do sleep 0.1; done"],
              "env": [{ "name": "POD", "valueFrom": { "fieldRef": { "fieldPath": "metadata.name" } } }],
              "volumeMounts": [{ "name": "shared", "mountPath": "/shared" }] }
            """;
    }

    [DockerFact]
    public async Task An_image_that_is_absent_waits_with_kubernetes_reasons()
    {
        var never = Pod("noimage", """
            "containers": [{ "name": "c", "image": "berth.local/absent:1", "imagePullPolicy": "Never" }]
            """);
        var pull = Pod("nopull", """
            "containers": [{ "name": "c", "image": "registry.invalid/berth/absent:1", "imagePullPolicy": "IfNotPresent" }]
            """);
        var worker = Worker(RestartBackoff.Default); // a 10 s wait after the failed pull: the second sync surely falls inside it

        var neverStatus = await worker.SyncAsync(never);
        var firstPull = await worker.SyncAsync(pull);
        var secondPull = await worker.SyncAsync(pull);

        Assert.Equal("Pending", (string?)neverStatus["phase"]);
        Assert.Equal("ErrImageNeverPull", Waiting(neverStatus));
        Assert.Equal("ErrImagePull", Waiting(firstPull));
        Assert.Contains("registry.invalid", (string?)Single(firstPull)["state"]!["waiting"]!["message"]);
        Assert.Equal("ImagePullBackOff", Waiting(secondPull));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestDocker.RemoveAndDisposeAsync(engine, $"{ContainerLabels.Node}={node.Name}");

    private PodWorker Worker(RestartBackoff? backoff = null, PodVolumes? volumes = null) =>
        new(engine, node, backoff ?? FastBackoff, TimeProvider.System, (_, e) => { lock (events) { events.Add(e); } }, volumes);

    private static PodManifest Pod(string name, string spec) => PodManifest.From(JsonNode.Parse($$"""
        { "metadata": { "name": "{{name}}", "namespace": "default", "uid": "{{Guid.NewGuid()}}" },
          "spec": { {{spec.Replace("IMAGE", TestDocker.Image)}} } }
        """)!.AsObject());

    private static JsonNode Single(JsonObject status) => Assert.Single(status["containerStatuses"]!.AsArray())!;

    private static string? Waiting(JsonObject status) => (string?)Single(status)["state"]!["waiting"]?["reason"];

    private static string? Condition(JsonObject status, string type) =>
        (string?)status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == type)!["status"];

    private static string? ConditionReason(JsonObject status, string type) =>
        (string?)status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == type)!["reason"];

    private static string[] Ids(JsonObject status) =>
        [.. status["containerStatuses"]!.AsArray().Select(c => (string)c!["containerID"]!).Order()];

    /// <summary>The pod's one infra container (fails when there is none or more than one).</summary>
    private async Task<ContainerInspect> InfraAsync(string uid)
    {
        var infra = Assert.Single(await engine.ListContainersAsync([$"{ContainerLabels.PodUid}={uid}", $"{ContainerLabels.ContainerName}={ContainerLabels.Infra}"]));
        return (await engine.InspectContainerAsync(infra.Id))!;
    }

    private static JsonNode Status(JsonObject status, string container) =>
        status["containerStatuses"]!.AsArray().Single(c => (string?)c!["name"] == container)!;

    private static JsonNode InitStatus(JsonObject status, string container) =>
        status["initContainerStatuses"]!.AsArray().Single(c => (string?)c!["name"] == container)!;

    private static string ContainerId(JsonObject status, string container) =>
        ((string?)Status(status, container)["containerID"] ?? "docker://")["docker://".Length..];

    private static string? StateOf(JsonObject status, string container) =>
        Status(status, container)["state"]!.AsObject().Select(p => p.Key).Single();

    private async Task<int> CountContainersAsync(string uid) =>
        (await engine.ListContainersAsync([$"{ContainerLabels.PodUid}={uid}"])).Count;

    private async Task<string> LogAsync(string id)
    {
        var text = new StringBuilder();
        await foreach (var frame in engine.LogsAsync(id, new LogRequest()))
        {
            text.Append(Encoding.UTF8.GetString(frame.Bytes.Span));
        }

        return text.ToString();
    }
}
