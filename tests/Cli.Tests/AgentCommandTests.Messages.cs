using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>
/// Every kind of message between <c>berth agent</c> and its server, from the native agent (whose
/// JSON is generated at build time: a type missing there fails only at run time, only natively):
/// pods and their ConfigMaps and Secrets in, probes run, statuses, events, logs (followed too),
/// metrics and the end of a deleted pod out.
/// </summary>
public sealed partial class AgentCommandTests
{
    [DockerFact]
    public async Task The_native_agent_exchanges_every_message_configs_probes_logs_metrics_events_and_termination()
    {
        using var dir = new TempDirectory();
        var node = $"m-{Guid.NewGuid():N}"[..12];
        var port = FreePort.Pick();
        await using var admin = await StartServerAsync(dir);
        var (server, kubectl, console) = admin;
        using var engine = DockerEngine.FromEnvironment();
        try
        {
            var credential = await IssueCredentialAsync(console, node);
            await using var agent = await BerthCli.StartAgentAsync("--server", server.Address.ToString(), "--token", credential, "--node-name", node,
                "--address", "127.0.0.2", "--data-dir", Path.Combine(dir.Path, "agent"));

            var manifest = Path.Combine(dir.Path, "pod.yaml");
            await File.WriteAllTextAsync(manifest, PodManifestYaml(node, port));
            var applied = await kubectl.RunAsync("apply", "-f", manifest);
            Assert.True(applied.ExitCode == 0, applied.ToString());

            // Ready: its exec startup probe and its httpGet readiness probe (through the port published on 127.0.0.2) both passed.
            await Eventually.WaitForAsync("the pod is ready",
                () => kubectl.RunAsync("get", "pod", "web", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"),
                result => result.Stdout.Trim() == "True", Deadline);
            var logs = await kubectl.RunAsync("logs", "web");
            Assert.Contains("greeting=hello", logs.Stdout); // env from a ConfigMap
            Assert.Contains("password=s3cret", logs.Stdout); // a Secret's volume

            using (var follow = kubectl.Start("logs", "-f", "web", "--tail=1"))
            {
                var patched = await kubectl.RunAsync("patch", "configmap", "settings", "-p", "{\"data\":{\"file\":\"changed\"}}");
                Assert.True(patched.ExitCode == 0, patched.ToString());
                await Eventually.WaitForAsync("the changed ConfigMap's file, in the followed log", () => Task.FromResult(follow.Output),
                    output => output.Contains("file=changed"), Deadline);
            }

            await Eventually.WaitForAsync("the pod's metrics", () => kubectl.RunAsync("top", "pod", "web", "--no-headers"),
                result => result.ExitCode == 0 && result.Stdout.StartsWith("web", StringComparison.Ordinal), Deadline);
            var reasons = await kubectl.RunAsync("get", "events", "-o", "jsonpath={.items[*].reason}");
            Assert.Contains("Started", reasons.Stdout);

            var deleted = await kubectl.RunAsync("delete", "pod", "web", "--wait=true", "--timeout=60s");
            Assert.True(deleted.ExitCode == 0, deleted.ToString());
            await Eventually.WaitForAsync("the pod's containers are gone", () => engine.ListContainersAsync([$"{ContainerLabels.Node}={node}"]),
                containers => containers.Count == 0, Deadline);
            Assert.DoesNotContain("JsonTypeInfo", agent.Stdout); // no payload the generated JSON lacks
        }
        finally
        {
            await RemoveContainersAsync(engine, node);
        }
    }

    private static string PodManifestYaml(string node, int port) => $$$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {greeting: hello, file: first}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: credentials}
        stringData: {password: s3cret}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          nodeName: {{{node}}}
          terminationGracePeriodSeconds: 1
          containers:
          - name: web
            image: {{{TestDocker.Image}}}
            imagePullPolicy: Never
            command: ["sh", "-c", "echo greeting=$GREETING; echo password=$(cat /secret/password); mkdir -p /www; echo ok > /www/index.html; httpd -p {{{port}}} -h /www; while true; do echo file=$(cat /config/file); sleep 1; done"]
            env:
            - name: GREETING
              valueFrom: {configMapKeyRef: {name: settings, key: greeting}}
            ports: [{containerPort: {{{port}}}, name: http}]
            volumeMounts:
            - {name: config, mountPath: /config}
            - {name: secret, mountPath: /secret}
            startupProbe:
              exec: {command: ["true"]}
              periodSeconds: 1
            readinessProbe:
              httpGet: {path: /index.html, port: http}
              periodSeconds: 1
          volumes:
          - {name: config, configMap: {name: settings}}
          - {name: secret, secret: {secretName: credentials}}
        """;
}
