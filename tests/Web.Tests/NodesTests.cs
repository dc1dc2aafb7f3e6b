using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>Nodes in the dashboard: a machine added with the command the page gives, its usage, its page, and the Overview's charts.</summary>
public sealed partial class NodesTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [ChromiumDockerFact]
    public async Task An_admin_adds_a_node_with_the_shown_command_and_it_appears_live_with_its_usage_and_conditions()
    {
        var server = $"srv-{Guid.NewGuid():N}"[..12];
        // Not the suggested node-1: nodes on the shared Docker engine tell their containers apart by node name.
        var node = $"node-{Guid.NewGuid():N}"[..11];
        await using var session = await DashboardSession.StartAsync(server);
        var page = await session.OpenAsync("/w/default/nodes");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.Locator($"tr[data-name='{server}']")).ToContainTextAsync("Ready");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a node" }).ClickAsync();
        var dialog = page.Locator(".rz-dialog");
        await Expect(dialog.GetByLabel("Node name")).ToHaveValueAsync("node-1");
        await dialog.GetByLabel("Node name").FillAsync(node);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create join token" }).ClickAsync();
        var command = (await dialog.GetByTestId("join-command").TextContentAsync())!.Trim();
        Assert.Matches(@"^\./berth agent --server https://127\.0\.0\.1:\d+ --token berth_join_[0-9a-f]{64}::\S+ --node-name node-[0-9a-f]{6}$", command);
        Assert.EndsWith(" --node-name " + node, command);
        await DashboardSession.ScreenshotAsync(page, "add-node");
        await dialog.Locator(".rz-dialog-titlebar-close").ClickAsync();

        // The command as shown, on "another machine": a loopback alias with its own data directory.
        using var machine = new TempDirectory();
        var arguments = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2..];
        await using var agent = await BerthCli.StartAgentAsync([.. arguments, "--address", "127.0.0.5", "--data-dir", machine.Path]);

        // The open list shows it without a reload, Ready, and then its CPU and memory once its agent reports.
        var row = page.Locator($"tr[data-name='{node}']");
        await Expect(row).ToContainTextAsync("Ready", new() { Timeout = 60_000 });
        await Expect(row.GetByTestId("cpu")).ToContainTextAsync(" / ", new() { Timeout = 60_000 });
        await Expect(row.GetByTestId("memory")).ToContainTextAsync("GiB");
        Assert.Contains($"Node {node} joined", agent.Stdout);

        await row.GetByRole(AriaRole.Link, new() { Name = node }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/w/default/nodes/{node}$"));
        var ready = page.Locator("tr[data-condition='Ready']");
        await Expect(ready).ToContainTextAsync("KubeletReady");
        await Expect(ready.Locator("time").First).ToHaveAttributeAsync("title", new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$"));
        await Expect(page.GetByText("InternalIP: 127.0.0.5")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-resource='cpu']").GetByTestId("cpu")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByText("No pod is bound to this node yet")).ToBeVisibleAsync();

        // A pod bound to it shows on its page as it is (no reload) and links to the pod. Its image is
        // absent and never pulled: a Warning event (only its infra container runs).
        var run = await session.Kubectl.RunAsync("run", "stuck", "--image=berth.local/absent:none", "--image-pull-policy=Never",
            $"--overrides={{\"apiVersion\":\"v1\",\"spec\":{{\"nodeName\":\"{node}\"}}}}");
        Assert.True(run.ExitCode == 0, run.ToString());
        var pod = page.Locator("tr[data-pod='stuck']");
        await Expect(pod).ToContainTextAsync("ErrImageNeverPull", new() { Timeout = 60_000 });
        // A taller window for the picture: the page's pods are below the fold of the usual one.
        await page.SetViewportSizeAsync(1366, 1040);
        await DashboardSession.ScreenshotAsync(page, "node");
        await page.SetViewportSizeAsync(1366, 820);
        await pod.GetByRole(AriaRole.Link, new() { Name = "stuck" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/w/default/namespaces/default/pods/stuck$"));

        // The Overview's charts open with the history the server kept, and grow as reports arrive.
        await page.GotoAsync("/w/default");
        var cpu = page.GetByTestId("cpu-chart");
        await Expect(cpu).ToBeVisibleAsync();
        var first = int.Parse((await cpu.GetAttributeAsync("data-points"))!);
        await Expect(cpu).Not.ToHaveAttributeAsync("data-points", first.ToString(), new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("memory-chart")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-warning='ErrImageNeverPull']")).ToContainTextAsync("pod/stuck");
        await DashboardSession.ScreenshotAsync(page, "overview");

        // Deleted while its agent runs, so the agent removes the pod's infra container: a stopped
        // agent leaves its containers running, as kubelet does.
        var deleted = await session.Kubectl.RunAsync("delete", "pod", "stuck", "--timeout=60s");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
    }

    [ChromiumFact]
    public async Task Developers_and_viewers_see_no_Add_a_node_and_an_empty_workspace_says_to_add_one()
    {
        await using var session = await DashboardSession.StartAsync();
        using var console = new HttpClient { BaseAddress = session.Server.Address };
        console.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TokenLine().Match(await File.ReadAllTextAsync(session.KubeconfigPath)).Groups["token"].Value);
        foreach (var (user, role) in new[] { ("devi", "developer"), ("vera", "viewer") })
        {
            (await console.PostAsJsonAsync("/console/v1/users", new { userName = user, password = DashboardSession.AdminPassword })).EnsureSuccessStatusCode();
            (await console.PostAsJsonAsync("/console/v1/workspaces/default/members", new { user, role })).EnsureSuccessStatusCode();

            var page = await session.OpenAsync("/w/default/nodes");
            await DashboardSession.SignInAsync(page, user, DashboardSession.AdminPassword);
            await Expect(page.GetByText("No nodes in this workspace yet.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add a node" })).ToHaveCountAsync(0);
            await page.CloseAsync();
        }

        var admin = await session.OpenAsync("/w/default");
        await DashboardSession.SignInAsync(admin, "admin", DashboardSession.AdminPassword);
        await Expect(admin.GetByTestId("usage-empty")).ToContainTextAsync("No node reports metrics yet");
        await Expect(admin.GetByTestId("usage-empty").GetByRole(AriaRole.Link, new() { Name = "add a node" })).ToHaveAttributeAsync("href", "/w/default/nodes");
        await admin.GotoAsync("/w/default/nodes");
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Add a node" })).ToBeEnabledAsync();
    }

    [GeneratedRegex(@"^\s*token:\s*(?<token>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();
}
