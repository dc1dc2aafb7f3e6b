using System.Net.Sockets;
using System.Text;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Agents.Tests.Runtime.Docker;

/// <summary>The Engine API client against the real dockerd, with the local busybox image.</summary>
public sealed class DockerEngineTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly DockerEngine engine = DockerEngine.FromEnvironment();
    private readonly string run = Guid.NewGuid().ToString("N");

    [DockerFact]
    public async Task The_version_names_an_engine_that_speaks_the_api_version_the_client_uses()
    {
        var version = await engine.VersionAsync();

        Assert.Equal("linux", version.Os);
        Assert.True(Version.Parse(version.ApiVersion) >= Version.Parse(DockerEngine.ApiVersion), version.ApiVersion);
    }

    [DockerFact]
    public async Task A_container_runs_its_command_with_its_env_and_keeps_stdout_and_stderr_apart_in_its_log()
    {
        var id = await CreateAsync("logs", new ContainerSpec
        {
            Image = TestDocker.Image,
            Cmd = ["sh", "-c", "echo \"hello $GREETING\"; echo oops >&2; exit 3"],
            Env = ["GREETING=berth"],
        });

        await engine.StartContainerAsync(id);
        var exit = await engine.WaitContainerAsync(id);
        var frames = await ReadAllAsync(engine.LogsAsync(id, new LogRequest()));

        Assert.Equal(3, exit);
        Assert.Equal("hello berth\n", Text(frames, OutputStream.Stdout));
        Assert.Equal("oops\n", Text(frames, OutputStream.Stderr));
        var state = (await engine.InspectContainerAsync(id))!.State;
        Assert.False(state.Running);
        Assert.Equal(3, state.ExitCode);
        // Not FinishedAt >= StartedAt: for a container this short-lived the engine may stamp its exit first.
        Assert.True(state.FinishedAt > DateTimeOffset.UnixEpoch && state.StartedAt > DateTimeOffset.UnixEpoch);
    }

    [DockerFact]
    public async Task A_log_tail_gives_the_last_lines_and_a_follow_ends_when_the_container_exits()
    {
        var id = await CreateAsync("follow", new ContainerSpec
        {
            Image = TestDocker.Image,
            Cmd = ["sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done; read -t 2 x; echo done"],
        });
        await engine.StartContainerAsync(id);

        // Following from the start: every line arrives, and the enumeration ends by itself once the container exits.
        using var cancel = new CancellationTokenSource(Deadline);
        var followed = await ReadAllAsync(engine.LogsAsync(id, new LogRequest(Follow: true, Timestamps: true), cancel.Token));
        var tail = await ReadAllAsync(engine.LogsAsync(id, new LogRequest(TailLines: 2)));

        var lines = Text(followed, OutputStream.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\S+Z (line \d|done)$", line));
        Assert.Equal("line 5\ndone\n", Text(tail, OutputStream.Stdout));
        Assert.False(cancel.IsCancellationRequested);
    }

    [DockerFact]
    public async Task Containers_are_found_by_their_labels_and_only_by_them()
    {
        var uid = Guid.NewGuid().ToString();
        var mine = await CreateAsync("labelled", new ContainerSpec
        {
            Image = TestDocker.Image,
            Cmd = ["true"],
            Labels = new Dictionary<string, string> { ["io.kubernetes.pod.uid"] = uid },
        });
        await CreateAsync("other", new ContainerSpec { Image = TestDocker.Image, Cmd = ["true"] });

        var found = await engine.ListContainersAsync([$"io.kubernetes.pod.uid={uid}"]);

        var only = Assert.Single(found);
        Assert.Equal(mine, only.Id);
        Assert.Equal(uid, only.Labels!["io.kubernetes.pod.uid"]);
        Assert.Equal("created", only.State);
    }

    [DockerFact]
    public async Task Stop_ends_a_container_that_honours_sigterm_at_once_and_kills_one_that_ignores_it_after_the_grace()
    {
        var polite = await CreateAsync("polite", new ContainerSpec
        {
            Image = TestDocker.Image,
            Cmd = ["sh", "-c", "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done"],
        });
        var stubborn = await CreateAsync("stubborn", new ContainerSpec
        {
            Image = TestDocker.Image,
            Cmd = ["sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"],
        });
        await engine.StartContainerAsync(polite);
        await engine.StartContainerAsync(stubborn);
        await WaitForOutputAsync(polite, "ready");
        await WaitForOutputAsync(stubborn, "ready");

        await engine.StopContainerAsync(polite, TimeSpan.FromSeconds(30));
        await engine.StopContainerAsync(stubborn, TimeSpan.FromSeconds(1));

        Assert.Equal(0, (await engine.InspectContainerAsync(polite))!.State.ExitCode);
        Assert.Contains("bye", Text(await ReadAllAsync(engine.LogsAsync(polite, new LogRequest())), OutputStream.Stdout));
        Assert.Equal(137, (await engine.InspectContainerAsync(stubborn))!.State.ExitCode); // 128 + SIGKILL
    }

    [DockerFact]
    public async Task Exec_returns_the_commands_exit_code_and_output()
    {
        var id = await StartSleeperAsync("exec");

        var ok = await engine.ExecAsync(id, ["sh", "-c", "echo probe; echo warn >&2"]);
        var failing = await engine.ExecAsync(id, ["sh", "-c", "exit 7"]);

        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("probe\n", ok.Stdout);
        Assert.Equal("warn\n", ok.Stderr);
        Assert.Equal(7, failing.ExitCode);
    }

    [DockerFact]
    public async Task A_port_published_on_a_loopback_alias_reaches_the_container()
    {
        var id = await CreateAsync("httpd", new ContainerSpec
        {
            Image = TestDocker.Image,
            Cmd = ["sh", "-c", "mkdir -p /www && echo served-by-busybox > /www/index.html && httpd -f -p 8080 -h /www"],
            ExposedPorts = new Dictionary<string, EmptyObject> { ["8080/tcp"] = EmptyObject.Value },
            HostConfig = new HostConfig
            {
                // An empty host port lets the engine pick a free one, as the agent does for ports without hostPort.
                PortBindings = new Dictionary<string, IReadOnlyList<PortBinding>> { ["8080/tcp"] = [new PortBinding("127.0.0.2", "")] },
            },
        });
        await engine.StartContainerAsync(id);

        var published = Assert.Single((await engine.InspectContainerAsync(id))!.NetworkSettings.Ports!["8080/tcp"]!);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = await Eventually.WaitForAsync("httpd answers on the published port",
            async () =>
            {
                try
                {
                    return await http.GetStringAsync($"http://127.0.0.2:{published.HostPort}/");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
                {
                    return e.Message;
                }
            },
            text => text.Contains("served-by-busybox"), Deadline);

        Assert.Equal("127.0.0.2", published.HostIp);
        Assert.Equal("served-by-busybox\n", body);
    }

    [DockerFact]
    public async Task Limits_reach_the_container_and_stats_report_its_memory()
    {
        var id = await CreateAsync("limits", new ContainerSpec
        {
            Image = TestDocker.Image,
            Cmd = ["sleep", "300"],
            HostConfig = new HostConfig { Memory = 64L * 1024 * 1024, NanoCpus = 500_000_000 },
        });
        await engine.StartContainerAsync(id);

        var stats = await engine.StatsAsync(id);

        Assert.Equal(64UL * 1024 * 1024, stats.MemoryStats.Limit);
        Assert.True(stats.MemoryStats.Usage > 0);
        Assert.True(stats.CpuStats.CpuUsage.TotalUsage > 0);
    }

    [DockerFact]
    public async Task A_missing_image_and_a_missing_container_are_clear_not_found_answers()
    {
        Assert.Null(await engine.InspectImageAsync("berth.local/no-such-image:1"));
        Assert.Null(await engine.InspectContainerAsync("berth-test-no-such-container"));
        await engine.RemoveContainerAsync("berth-test-no-such-container"); // not an error

        var create = await Assert.ThrowsAsync<DockerException>(() => engine.CreateContainerAsync(
            TestDocker.UniqueName("noimage"), new ContainerSpec { Image = "berth.local/no-such-image:1" }));
        Assert.True(create.IsNotFound, create.Message);
        Assert.Contains("no-such-image", create.Message);
    }

    [DockerFact]
    public async Task A_pull_that_cannot_succeed_fails_with_the_engines_reason()
    {
        // .invalid never resolves (RFC 2606), so this fails fast without sending traffic anywhere.
        var failed = await Assert.ThrowsAsync<DockerException>(() => engine.PullImageAsync("registry.invalid/berth/nothing"));

        Assert.Contains("registry.invalid", failed.Message);
    }

    [DockerFact]
    public async Task An_unreachable_engine_says_where_it_looked()
    {
        using var nowhere = new DockerEngine("/nonexistent/docker.sock");

        var failed = await Assert.ThrowsAsync<DockerException>(() => nowhere.VersionAsync());

        Assert.Equal(0, failed.StatusCode);
        Assert.Contains("/nonexistent/docker.sock", failed.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestDocker.RemoveAndDisposeAsync(engine, $"{TestDocker.Label}={run}");

    private Task<string> CreateAsync(string what, ContainerSpec spec) =>
        engine.CreateContainerAsync(TestDocker.UniqueName(what), spec with
        {
            Labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>()) { [TestDocker.Label] = run },
        });

    private async Task<string> StartSleeperAsync(string what)
    {
        var id = await CreateAsync(what, new ContainerSpec { Image = TestDocker.Image, Cmd = ["sleep", "300"] });
        await engine.StartContainerAsync(id);
        return id;
    }

    private Task WaitForOutputAsync(string id, string text) =>
        Eventually.WaitForAsync($"container {id[..12]} prints {text}",
            async () => Text(await ReadAllAsync(engine.LogsAsync(id, new LogRequest())), OutputStream.Stdout),
            output => output.Contains(text), Deadline);

    private static async Task<List<OutputFrame>> ReadAllAsync(IAsyncEnumerable<OutputFrame> frames)
    {
        var all = new List<OutputFrame>();
        await foreach (var frame in frames)
        {
            all.Add(frame);
        }

        return all;
    }

    private static string Text(IEnumerable<OutputFrame> frames, OutputStream stream) =>
        string.Concat(frames.Where(frame => frame.Stream == stream).Select(frame => Encoding.UTF8.GetString(frame.Bytes.Span)));
}
