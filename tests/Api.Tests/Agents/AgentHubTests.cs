using System.Net;
using System.Text.Json.Nodes;
using Berth.Agents;
using Berth.Agents.Hub;
using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Api.Agents;
using Berth.Api.Tests.Support;
using Berth.Engine.Nodes;
using Berth.Tests.Support;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Api.Tests.Agents;

/// <summary>A real agent, connected over the AgentHub to a real server, running pods on the real Docker engine.</summary>
public sealed class AgentHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory directory = new("berth-agent-hub");
    private readonly DockerEngine engine = DockerEngine.FromEnvironment();
    private readonly string nodeName = $"node-{Guid.NewGuid():N}"[..16];
    private readonly List<(NodeAgent Agent, CancellationTokenSource Stop, Task Run)> agents = [];
    private BerthServer server = null!;
    private KubeApi api = null!;

    [DockerFact]
    public async Task A_pod_bound_to_the_node_runs_reports_its_status_and_events_and_goes_when_deleted()
    {
        var agent = await StartAgentAsync(await CredentialAsync());
        await Eventually.WaitForAsync("the agent registers", () => Task.FromResult(agent.Registrations), n => n > 0, Deadline);

        var node = await api.GetAsync($"/api/v1/nodes/{nodeName}");
        Assert.Equal("True", (string?)node.Json["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["status"]);
        Assert.Equal("127.0.0.2", (string?)node.Json["status"]!["addresses"]![0]!["address"]);
        Assert.StartsWith("docker://", (string?)node.Json["status"]!["nodeInfo"]!["containerRuntimeVersion"]);
        Assert.Equal(Environment.ProcessorCount.ToString(), (string?)node.Json["status"]!["capacity"]!["cpu"]);

        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "hello" },
              "spec": { "nodeName": "{{nodeName}}", "terminationGracePeriodSeconds": 5,
                        "containers": [{ "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never",
                                         "command": ["sh", "-c", "trap 'exit 0' TERM; echo up; while true; do sleep 0.1; done"] }] } }
            """);
        Assert.Equal(201, (int)created.Status);

        var running = await Eventually.WaitForAsync("the pod runs",
            () => api.GetAsync("/api/v1/namespaces/default/pods/hello"),
            pod => (string?)pod.Json["status"]?["phase"] == "Running" && (bool?)pod.Json["status"]?["containerStatuses"]?[0]?["ready"] == true, Deadline);
        var containerId = ((string)running.Json["status"]!["containerStatuses"]![0]!["containerID"]!)["docker://".Length..];
        Assert.True((await engine.InspectContainerAsync(containerId))!.State.Running);
        Assert.Equal("127.0.0.2", (string?)running.Json["status"]!["hostIP"]);
        await Eventually.WaitForAsync("a Started event",
            () => api.GetAsync("/api/v1/namespaces/default/events"),
            events => events.Json["items"]!.AsArray().Any(e => (string?)e!["reason"] == "Started" && (string?)e["involvedObject"]!["name"] == "hello"), Deadline);

        var deleted = await api.DeleteAsync("/api/v1/namespaces/default/pods/hello");
        Assert.Equal(200, (int)deleted.Status);
        await Eventually.WaitForAsync("the pod is gone", () => api.GetAsync("/api/v1/namespaces/default/pods/hello"), pod => (int)pod.Status == 404, Deadline);
        Assert.Null(await engine.InspectContainerAsync(containerId));
    }

    [DockerFact]
    public async Task A_restarted_agent_adopts_its_running_containers_and_removes_those_of_deleted_pods()
    {
        var credential = await CredentialAsync();
        var first = await StartAgentAsync(credential);
        await CreateSleeperAsync("keep");
        await CreateSleeperAsync("drop");
        var keep = await RunningContainerAsync("keep");
        var drop = await RunningContainerAsync("drop");

        await StopAgentAsync(first);
        Assert.True((await engine.InspectContainerAsync(keep))!.State.Running, "containers outlive their agent");
        // Deleted while no agent ran: nobody confirms, so the grace passes and the pod is removed with force.
        Assert.Equal(200, (int)(await api.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/drop", """{ "gracePeriodSeconds": 0 }""")).Status);

        var second = await StartAgentAsync(credential);
        // Registering includes the resync, which removes the orphans (their infra containers last).
        await Eventually.WaitForAsync("the agent registers again", () => Task.FromResult(second.Registrations), n => n > 0, Deadline);
        Assert.Null(await engine.InspectContainerAsync(drop));
        Assert.Empty(await engine.ListContainersAsync([$"{ContainerLabels.Node}={nodeName}", $"{ContainerLabels.PodName}=drop"]));

        Assert.Equal(keep, await RunningContainerAsync("keep"));
        var kept = await engine.ListContainersAsync([$"{ContainerLabels.Node}={nodeName}", $"{ContainerLabels.PodName}=keep"]);
        Assert.Equal([ContainerLabels.Infra, "main"], kept.Select(c => ContainerLabels.NameOf(c.Labels)).Order(StringComparer.Ordinal)); // no second copy of either
        Assert.Equal(1, second.Registrations);
    }

    [DockerFact]
    public async Task Logs_come_from_the_node_with_follow_tail_timestamps_and_previous()
    {
        await StartAgentAsync(await CredentialAsync());
        await CreatePodAsync("talker", "Never", "echo one; echo two; echo three; sleep 1; echo four");
        // Crashes once, then stays up: an emptyDir outlives the container, so the second start knows.
        var crasher = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "crasher" },
              "spec": { "nodeName": "{{nodeName}}", "terminationGracePeriodSeconds": 1, "volumes": [{ "name": "state", "emptyDir": {} }],
                        "containers": [{ "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never",
                                         "command": ["sh", "-c", "if [ -f /state/crashed ]; then echo again; exec sleep 300; fi; touch /state/crashed; echo crashed; exit 1"],
                                         "volumeMounts": [{ "name": "state", "mountPath": "/state" }] }] } }
            """);
        Assert.True(201 == (int)crasher.Status, crasher.ToString());
        await RunningContainerAsync("talker");

        // A follow stays open while the container runs and ends when it exits.
        var followed = await api.GetAsync("/api/v1/namespaces/default/pods/talker/log?follow=true");
        var tail = await api.GetAsync("/api/v1/namespaces/default/pods/talker/log?tailLines=2");
        var stamped = await api.GetAsync("/api/v1/namespaces/default/pods/talker/log?timestamps=true");
        var noPrevious = await api.GetAsync("/api/v1/namespaces/default/pods/talker/log?previous=true");
        var noContainer = await api.GetAsync("/api/v1/namespaces/default/pods/talker/log?container=nope");
        await Eventually.WaitForAsync("the crasher restarts", () => api.GetAsync("/api/v1/namespaces/default/pods/crasher"),
            pod => (int?)pod.Json["status"]?["containerStatuses"]?[0]?["restartCount"] >= 1, Deadline);
        var previous = await api.GetAsync("/api/v1/namespaces/default/pods/crasher/log?previous=true");

        Assert.Equal(200, (int)followed.Status);
        Assert.Equal("one\ntwo\nthree\nfour\n", followed.Text);
        Assert.Equal("three\nfour\n", tail.Text);
        Assert.All(stamped.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+Z \w+$", line));
        Assert.Equal(400, (int)noPrevious.Status);
        Assert.Equal("previous terminated container \"main\" in pod \"talker\" not found", (string?)noPrevious.Json["message"]);
        Assert.Equal(400, (int)noContainer.Status);
        Assert.Equal("crashed\n", previous.Text);
    }

    [DockerFact]
    public async Task Readiness_probes_hold_the_pod_unready_until_they_pass_and_a_failing_liveness_probe_restarts_the_container()
    {
        await StartAgentAsync(await CredentialAsync());
        await CreatePodAsync("gated", "Always", "mkdir -p /tmp && exec sleep 300", """
            "readinessProbe": { "exec": { "command": ["cat", "/tmp/ready"] }, "periodSeconds": 1, "timeoutSeconds": 10 }
            """);
        await CreatePodAsync("web", "Always", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www", """
            "ports": [{ "containerPort": 8080 }],
            "readinessProbe": { "httpGet": { "port": 8080, "path": "/" }, "periodSeconds": 1, "timeoutSeconds": 10 }
            """);
        await CreatePodAsync("doomed", "Always", "exec sleep 300", """
            "livenessProbe": { "exec": { "command": ["test", "-f", "/tmp/alive"] }, "periodSeconds": 1, "timeoutSeconds": 10, "failureThreshold": 2 }
            """);

        var gated = await RunningContainerAsync("gated");
        await Eventually.WaitForAsync("an Unhealthy event for the gated pod", () => EventsAsync("gated"),
            events => events.Any(e => e.Reason == "Unhealthy" && e.Message.StartsWith("Readiness probe failed", StringComparison.Ordinal)), Deadline);
        var unready = await api.GetAsync("/api/v1/namespaces/default/pods/gated");
        Assert.Equal("False", Condition(unready.Json, "Ready"));
        Assert.False((bool)unready.Json["status"]!["containerStatuses"]![0]!["ready"]!);

        await engine.ExecAsync(gated, ["touch", "/tmp/ready"]);
        await Eventually.WaitForAsync("the gated pod turns Ready", () => api.GetAsync("/api/v1/namespaces/default/pods/gated"),
            pod => Condition(pod.Json, "Ready") == "True", Deadline);
        await Eventually.WaitForAsync("the web pod turns Ready through its published port", () => api.GetAsync("/api/v1/namespaces/default/pods/web"),
            pod => Condition(pod.Json, "Ready") == "True", Deadline);

        await Eventually.WaitForAsync("the doomed pod restarts", () => api.GetAsync("/api/v1/namespaces/default/pods/doomed"),
            pod => (int?)pod.Json["status"]?["containerStatuses"]?[0]?["restartCount"] >= 1, Deadline);
        var events = await EventsAsync("doomed");
        Assert.Contains(events, e => e.Reason == "Unhealthy" && e.Message.StartsWith("Liveness probe failed: Exec probe failed with exit code 1", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Reason == "Killing" && e.Message == "Container main failed liveness probe, will be restarted");
    }

    [DockerFact]
    public async Task A_sidecar_holds_the_next_init_container_until_its_startup_probe_passes_and_its_readiness_counts_for_the_pod()
    {
        await StartAgentAsync(await CredentialAsync());
        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "withsidecar" },
              "spec": { "nodeName": "{{nodeName}}", "terminationGracePeriodSeconds": 1,
                        "initContainers": [
                          { "name": "proxy", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never", "restartPolicy": "Always",
                            "command": ["sh", "-c", "mkdir -p /tmp && exec sleep 300"],
                            "startupProbe": { "exec": { "command": ["test", "-f", "/tmp/started"] }, "periodSeconds": 1, "failureThreshold": 300 },
                            "readinessProbe": { "exec": { "command": ["test", "-f", "/tmp/ready"] }, "periodSeconds": 1 } },
                          { "name": "after", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never", "command": ["true"] }],
                        "containers": [{ "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never", "command": ["sleep", "300"] }] } }
            """);
        Assert.True(201 == (int)created.Status, created.ToString());

        await Eventually.WaitForAsync("the startup probe fails", () => EventsAsync("withsidecar"),
            events => events.Any(e => e.Reason == "Unhealthy" && e.Message.StartsWith("Startup probe failed", StringComparison.Ordinal)), Deadline);
        var waiting = (await api.GetAsync("/api/v1/namespaces/default/pods/withsidecar")).Json;
        Assert.Equal("Pending", (string?)waiting["status"]!["phase"]);
        Assert.False((bool)Init(waiting, "proxy")["started"]!);
        Assert.Equal("PodInitializing", (string?)Init(waiting, "after")["state"]!["waiting"]!["reason"]);

        var proxy = ((string)Init(waiting, "proxy")["containerID"]!)["docker://".Length..];
        await engine.ExecAsync(proxy, ["touch", "/tmp/started"]);
        var running = await Eventually.WaitForAsync("the app runs once the sidecar has started", () => api.GetAsync("/api/v1/namespaces/default/pods/withsidecar"),
            pod => (string?)pod.Json["status"]?["phase"] == "Running", Deadline);
        Assert.True((bool)Init(running.Json, "proxy")["started"]!);
        Assert.False((bool)Init(running.Json, "proxy")["ready"]!);
        Assert.Equal("False", Condition(running.Json, "Ready")); // the sidecar is not ready yet

        await engine.ExecAsync(proxy, ["touch", "/tmp/ready"]);
        var ready = await Eventually.WaitForAsync("the pod turns Ready with its sidecar", () => api.GetAsync("/api/v1/namespaces/default/pods/withsidecar"),
            pod => Condition(pod.Json, "Ready") == "True", Deadline);
        Assert.True((bool)Init(ready.Json, "proxy")["ready"]!);
    }

    [DockerFact]
    public async Task Env_and_volumes_come_from_config_maps_secrets_and_the_pod_and_volume_files_follow_changes()
    {
        await StartAgentAsync(await CredentialAsync());
        Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/configmaps",
            """{ "metadata": { "name": "settings" }, "data": { "greeting": "hello" } }""")).Status);
        Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/secrets",
            $$"""{ "metadata": { "name": "creds" }, "data": { "password": "{{Convert.ToBase64String("s3cret"u8.ToArray())}}" } }""")).Status);
        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "configured" },
              "spec": { "nodeName": "{{nodeName}}", "terminationGracePeriodSeconds": 1,
                "volumes": [{ "name": "cfg", "configMap": { "name": "settings" } },
                            { "name": "sec", "secret": { "secretName": "creds" } },
                            { "name": "scratch", "emptyDir": {} }],
                "containers": [
                  { "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never",
                    "command": ["sh", "-c", "echo \"$GREETING|$PASSWORD|$POD_NAME|$CFG_greeting|$EXPANDED\"; while [ ! -f /scratch/note ]; do sleep 0.1; done; cat /scratch/note; exec sleep 300"],
                    "env": [{ "name": "GREETING", "valueFrom": { "configMapKeyRef": { "name": "settings", "key": "greeting" } } },
                            { "name": "PASSWORD", "valueFrom": { "secretKeyRef": { "name": "creds", "key": "password" } } },
                            { "name": "POD_NAME", "valueFrom": { "fieldRef": { "fieldPath": "metadata.name" } } },
                            { "name": "EXPANDED", "value": "$(GREETING) world" }],
                    "envFrom": [{ "prefix": "CFG_", "configMapRef": { "name": "settings" } }],
                    "volumeMounts": [{ "name": "cfg", "mountPath": "/etc/cfg" }, { "name": "sec", "mountPath": "/etc/sec" }, { "name": "scratch", "mountPath": "/scratch" }] },
                  { "name": "writer", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never",
                    "command": ["sh", "-c", "echo shared > /scratch/note; exec sleep 300"],
                    "volumeMounts": [{ "name": "scratch", "mountPath": "/scratch" }] }] } }
            """);
        Assert.True(201 == (int)created.Status, created.ToString());

        await RunningContainerAsync("configured");
        var log = await Eventually.WaitForAsync("main prints its env and the shared note",
            async () => (await api.GetAsync("/api/v1/namespaces/default/pods/configured/log?container=main")).Text,
            text => text.Contains("shared"), Deadline);
        Assert.Equal("hello|s3cret|configured|hello|hello world\nshared\n", log);
        var main = Assert.Single(await engine.ListContainersAsync([$"{ContainerLabels.Node}={nodeName}", $"{ContainerLabels.ContainerName}=main"])).Id;
        Assert.Equal("hello", (await engine.ExecAsync(main, ["cat", "/etc/cfg/greeting"])).Stdout);
        Assert.Equal("s3cret", (await engine.ExecAsync(main, ["cat", "/etc/sec/password"])).Stdout);
        Assert.NotEqual(0, (await engine.ExecAsync(main, ["sh", "-c", "echo x > /etc/cfg/greeting"])).ExitCode); // configMap volumes are read-only

        Assert.Equal(200, (int)(await api.PatchAsync("/api/v1/namespaces/default/configmaps/settings", """{ "data": { "greeting": "bonjour" } }""")).Status);
        await Eventually.WaitForAsync("the mounted file follows the ConfigMap",
            async () => (await engine.ExecAsync(main, ["cat", "/etc/cfg/greeting"])).Stdout, text => text == "bonjour", Deadline);
        // kubelet's layout, which swaps the whole set at once: each key links through ..data, a symlink to the timestamped directory of the set.
        Assert.Equal("..data/greeting\n", (await engine.ExecAsync(main, ["readlink", "/etc/cfg/greeting"])).Stdout);
        Assert.Matches(@"^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d{9}\n$", (await engine.ExecAsync(main, ["readlink", "/etc/cfg/..data"])).Stdout);
        Assert.Equal("bonjour", (await engine.ExecAsync(main, ["sh", "-c", "cat /etc/cfg/$(readlink /etc/cfg/..data)/greeting"])).Stdout);
        Assert.Equal("..data/password\n", (await engine.ExecAsync(main, ["readlink", "/etc/sec/password"])).Stdout);
    }

    [DockerFact]
    public async Task Downward_api_and_projected_volumes_hold_the_pods_fields_and_objects_and_follow_their_changes()
    {
        await StartAgentAsync(await CredentialAsync());
        Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/configmaps",
            """{ "metadata": { "name": "bundle-cfg" }, "data": { "mode": "fast", "unused": "x" } }""")).Status);
        Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/secrets",
            $$"""{ "metadata": { "name": "bundle-sec" }, "data": { "token": "{{Convert.ToBase64String("t0ken"u8.ToArray())}}" } }""")).Status);
        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "downward", "labels": { "tier": "web", "app": "shop" }, "annotations": { "note": "say \"hi\"\n" } },
              "spec": { "nodeName": "{{nodeName}}", "terminationGracePeriodSeconds": 1,
                "volumes": [
                  { "name": "info", "downwardAPI": { "items": [
                      { "path": "labels", "fieldRef": { "fieldPath": "metadata.labels" } },
                      { "path": "annotations", "fieldRef": { "fieldPath": "metadata.annotations" } },
                      { "path": "name", "fieldRef": { "fieldPath": "metadata.name" } },
                      { "path": "mem", "resourceFieldRef": { "containerName": "main", "resource": "limits.memory", "divisor": "1Mi" } }] } },
                  { "name": "bundle", "projected": { "sources": [
                      { "configMap": { "name": "bundle-cfg", "items": [{ "key": "mode", "path": "cfg/mode" }] } },
                      { "secret": { "name": "bundle-sec" } },
                      { "downwardAPI": { "items": [{ "path": "namespace", "fieldRef": { "fieldPath": "metadata.namespace" } }] } },
                      { "serviceAccountToken": { "path": "sa-token" } }] } }],
                "containers": [
                  { "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never", "command": ["sleep", "300"],
                    "resources": { "limits": { "memory": "64Mi" } },
                    "volumeMounts": [{ "name": "info", "mountPath": "/etc/info" }, { "name": "bundle", "mountPath": "/etc/bundle" }] }] } }
            """);
        Assert.True(201 == (int)created.Status, created.ToString());

        var main = await RunningContainerAsync("downward");
        async Task<string> Read(string path) => (await engine.ExecAsync(main, ["cat", path])).Stdout;
        Assert.Equal("app=\"shop\"\ntier=\"web\"", await Read("/etc/info/labels")); // kubelet's format: sorted, Go-quoted
        Assert.Equal("note=\"say \\\"hi\\\"\\n\"", await Read("/etc/info/annotations"));
        Assert.Equal("downward", await Read("/etc/info/name"));
        Assert.Equal("64", await Read("/etc/info/mem"));
        Assert.Equal("fast", await Read("/etc/bundle/cfg/mode"));
        Assert.Equal("t0ken", await Read("/etc/bundle/token"));
        Assert.Equal("default", await Read("/etc/bundle/namespace"));
        Assert.NotEqual(0, (await engine.ExecAsync(main, ["test", "-e", "/etc/bundle/unused"])).ExitCode); // only the items asked for
        Assert.NotEqual(0, (await engine.ExecAsync(main, ["test", "-e", "/etc/bundle/sa-token"])).ExitCode);
        Assert.NotEqual(0, (await engine.ExecAsync(main, ["sh", "-c", "echo x > /etc/info/name"])).ExitCode); // read-only
        var events = await Eventually.WaitForAsync("the skipped token is said", () => EventsAsync("downward"), e => e.Any(x => x.Reason == "FailedMount"), Deadline);
        Assert.Contains(events, e => e.Reason == "FailedMount" && e.Message.Contains("serviceAccountToken projection skipped", StringComparison.Ordinal));

        Assert.Equal(200, (int)(await api.PatchAsync("/api/v1/namespaces/default/pods/downward", """{ "metadata": { "labels": { "tier": "db" } } }""")).Status);
        Assert.Equal(200, (int)(await api.PatchAsync("/api/v1/namespaces/default/configmaps/bundle-cfg", """{ "data": { "mode": "slow" } }""")).Status);
        await Eventually.WaitForAsync("the labels file follows the pod", () => Read("/etc/info/labels"), text => text.EndsWith("tier=\"db\"", StringComparison.Ordinal), Deadline);
        await Eventually.WaitForAsync("the projected file follows the ConfigMap", () => Read("/etc/bundle/cfg/mode"), text => text == "slow", Deadline);
    }

    [DockerFact]
    public async Task A_pod_whose_config_map_is_missing_waits_with_create_container_config_error_until_it_exists()
    {
        await StartAgentAsync(await CredentialAsync());
        await CreatePodAsync("needy", "Always", "echo $WANTED; exec sleep 300", """
            "env": [{ "name": "WANTED", "valueFrom": { "configMapKeyRef": { "name": "later", "key": "value" } } }]
            """);

        var waiting = await Eventually.WaitForAsync("the pod waits for its ConfigMap", () => api.GetAsync("/api/v1/namespaces/default/pods/needy"),
            pod => (string?)pod.Json["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"] == "CreateContainerConfigError", Deadline);
        Assert.Equal("configmap \"later\" not found", (string?)waiting.Json["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["message"]);
        Assert.Equal("Pending", (string?)waiting.Json["status"]!["phase"]);

        Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/configmaps",
            """{ "metadata": { "name": "later" }, "data": { "value": "arrived" } }""")).Status);
        await RunningContainerAsync("needy");
        var log = await Eventually.WaitForAsync("the pod prints the value", async () => (await api.GetAsync("/api/v1/namespaces/default/pods/needy/log")).Text,
            text => text.Length > 0, Deadline);
        Assert.Equal("arrived\n", log);
    }

    [DockerFact]
    public async Task A_restarted_server_gets_its_agent_back_and_pods_keep_running_through_it()
    {
        // The same port and data directory after the restart, as a server restarted in place.
        var port = FreePort.Pick();
        await server.DisposeAsync();
        server = await TestServers.StartAsync(directory.Path, listen: $"127.0.0.1:{port}");
        api.Dispose();
        api = KubeApi.Admin(server);
        var agent = await StartAgentAsync(await CredentialAsync());
        await CreateSleeperAsync("survivor");
        var container = await RunningContainerAsync("survivor");

        await server.DisposeAsync();
        Assert.True((await engine.InspectContainerAsync(container))!.State.Running, "pods keep running while the server is away");
        server = await TestServers.StartAsync(directory.Path, listen: $"127.0.0.1:{port}");
        api.Dispose();
        api = KubeApi.Admin(server);

        await Eventually.WaitForAsync("the agent registers again", () => Task.FromResult(agent.Registrations), n => n >= 2, Deadline);
        await CreateSleeperAsync("newcomer");
        await RunningContainerAsync("newcomer");
        Assert.Equal(container, await RunningContainerAsync("survivor"));
    }

    [Fact]
    public async Task A_node_sees_only_its_own_pods_and_the_secrets_they_use_and_cannot_write_another_nodes_pods()
    {
        foreach (var (secret, value) in new[] { ("mine", "bXk="), ("theirs", "dGhlaXJz") })
        {
            Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/secrets", $$"""{ "metadata": { "name": "{{secret}}" }, "data": { "v": "{{value}}" } }""")).Status);
        }

        foreach (var (pod, node, secret) in new[] { ("mine", nodeName, "mine"), ("theirs", "other-node", "theirs") })
        {
            Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
                { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "{{pod}}" },
                  "spec": { "nodeName": "{{node}}", "containers": [{ "name": "c", "image": "busybox",
                    "env": [{ "name": "V", "valueFrom": { "secretKeyRef": { "name": "{{secret}}", "key": "v" } } }] }] } }
                """)).Status);
        }

        var theirs = await api.GetAsync("/api/v1/namespaces/default/pods/theirs");
        await using var hub = RawHub(await CredentialAsync());
        await hub.StartAsync();
        var desired = await hub.InvokeAsync<DesiredState>(AgentHubMethods.Register, new NodeRegistration(nodeName, "127.0.0.2",
            new Dictionary<string, string> { ["cpu"] = "1" }, new NodeSystemInfo("linux", "amd64", "6", "test", "docker://0", "berth/0"),
            new Dictionary<string, string>(), []));
        var impostor = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<DesiredState>(AgentHubMethods.Register,
            new NodeRegistration("other-node", "127.0.0.3", new Dictionary<string, string>(), new NodeSystemInfo("linux", "amd64", "6", "test", "docker://0", "berth/0"),
                new Dictionary<string, string>(), [])));
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync(AgentHubMethods.ReportPodStatuses, new[]
        {
            new PodStatusReport(new PodRef("default", "theirs", (string)theirs.Json["metadata"]!["uid"]!), new JsonObject { ["phase"] = "Failed" }),
        }));

        Assert.Equal(["mine"], desired.Pods.Select(p => (string)p["metadata"]!["name"]!));
        Assert.Equal(["mine"], desired.Configs.Select(c => (string)c["metadata"]!["name"]!));
        Assert.Contains("not other-node", impostor.Message);
        Assert.Contains("not bound to node", refused.Message);
        Assert.NotEqual("Failed", (string?)(await api.GetAsync("/api/v1/namespaces/default/pods/theirs")).Json["status"]?["phase"]);
    }

    [DockerFact]
    public async Task A_bad_credential_is_refused_and_a_revoked_one_disconnects_its_agent()
    {
        using var http = new HttpClient();
        var anonymous = await http.GetAsync(new Uri(server.Address, "/agent/v1/hub"));
        Assert.Equal(401, (int)anonymous.StatusCode);

        var credential = await CredentialAsync();
        var agent = await StartAgentAsync(credential);
        await Eventually.WaitForAsync("the agent registers", () => Task.FromResult(agent.Registrations), n => n > 0, Deadline);
        var sessions = server.Services.GetRequiredService<NodeSessions>();
        Assert.Contains($"default/{nodeName}", sessions.LastHeartbeats.Keys);

        await server.Services.GetRequiredService<NodeCredentialStore>().RevokeAsync("default", nodeName);

        await Eventually.WaitForAsync("the session closes", () => Task.FromResult(sessions.LastHeartbeats.Keys.ToList()),
            keys => !keys.Contains($"default/{nodeName}"), Deadline);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/agent/v1/hub"));
        bearer.Headers.Authorization = new("Bearer", credential);
        Assert.Equal(401, (int)(await http.SendAsync(bearer)).StatusCode);
        Assert.Equal(1, agent.Registrations);
    }

    public async Task InitializeAsync()
    {
        server = await TestServers.StartAsync(directory.Path);
        api = KubeApi.Admin(server);
    }

    public async Task DisposeAsync()
    {
        foreach (var (agent, _, _) in agents.ToList())
        {
            await StopAgentAsync(agent);
        }

        api.Dispose();
        await server.DisposeAsync();
        await TestDocker.RemoveAndDisposeAsync(engine, $"{ContainerLabels.Node}={nodeName}");
        directory.Dispose();
    }

    private HubConnection RawHub(string credential) => NodeHubs.Build(server.Address, credential);

    private async Task<string> CredentialAsync() =>
        (await server.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("default", nodeName)).Secret;

    private Task<NodeAgent> StartAgentAsync(string credential)
    {
        var agent = new NodeAgent(new AgentOptions
        {
            Server = server.Address,
            Credential = credential,
            NodeName = nodeName,
            Address = "127.0.0.2",
            DataDirectory = Path.Combine(directory.Path, "agent"),
            SyncInterval = TimeSpan.FromMilliseconds(200),
            RestartBackoff = new RestartBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)),
            ReconnectDelay = (TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)),
        }, engine, NullLoggerFactory.Instance, TimeProvider.System);
        var stop = new CancellationTokenSource();
        agents.Add((agent, stop, agent.RunAsync(stop.Token)));
        return Task.FromResult(agent);
    }

    private async Task StopAgentAsync(NodeAgent agent)
    {
        var entry = agents.Single(a => a.Agent == agent);
        agents.Remove(entry);
        await entry.Stop.CancelAsync();
        await entry.Run;
        entry.Stop.Dispose();
    }

    private async Task CreatePodAsync(string name, string restartPolicy, string script, string? more = null)
    {
        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "{{name}}" },
              "spec": { "nodeName": "{{nodeName}}", "restartPolicy": "{{restartPolicy}}", "terminationGracePeriodSeconds": 1,
                        "containers": [{ "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never", "command": ["sh", "-c", "{{script}}"]
                                         {{(more is null ? "" : ", " + more)}} }] } }
            """);
        Assert.True(201 == (int)created.Status, created.ToString());
    }

    private async Task<List<(string Reason, string Message)>> EventsAsync(string pod)
    {
        var events = await api.GetAsync("/api/v1/namespaces/default/events");
        return [.. events.Json["items"]!.AsArray()
            .Where(e => (string?)e!["involvedObject"]!["name"] == pod)
            .Select(e => ((string)e!["reason"]!, (string)e["message"]!))];
    }

    private static JsonNode Init(JsonObject pod, string container) =>
        pod["status"]!["initContainerStatuses"]!.AsArray().Single(c => (string?)c!["name"] == container)!;

    private static string? Condition(JsonObject pod, string type) =>
        (string?)pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["status"];

    private async Task CreateSleeperAsync(string name)
    {
        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "{{name}}" },
              "spec": { "nodeName": "{{nodeName}}", "containers": [{ "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never", "command": ["sleep", "300"] }] } }
            """);
        Assert.Equal(201, (int)created.Status);
    }

    private async Task<string> RunningContainerAsync(string pod)
    {
        var running = await Eventually.WaitForAsync($"pod {pod} runs",
            () => api.GetAsync($"/api/v1/namespaces/default/pods/{pod}"),
            p => (string?)p.Json["status"]?["phase"] == "Running", Deadline);
        return ((string)running.Json["status"]!["containerStatuses"]![0]!["containerID"]!)["docker://".Length..];
    }
}
