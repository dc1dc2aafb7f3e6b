using System.Text.RegularExpressions;
using Berth.Agents.Tests.Support;
using Berth.Tests.Support;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>A pod on a real node (the server's embedded agent on Docker), watched, read and deleted from the dashboard.</summary>
public sealed class PodDetailTests
{
    [ChromiumDockerFact]
    public async Task A_pod_turns_Running_on_the_open_page_shows_its_log_and_is_deleted_from_its_page()
    {
        var node = $"web-{Guid.NewGuid():N}"[..12];
        await using var session = await DashboardSession.StartAsync(node);
        var page = await session.OpenAsync("/w/default/namespaces/default/pods");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.GetByText("No pods in namespace default yet.")).ToBeVisibleAsync();

        var run = await session.Kubectl.RunAsync("run", "hello", $"--image={TestDocker.Image}", "--image-pull-policy=Never",
            "--override-type=strategic",
            $"--overrides={{\"apiVersion\":\"v1\",\"spec\":{{\"nodeName\":\"{node}\",\"terminationGracePeriodSeconds\":1," +
            "\"containers\":[{\"name\":\"hello\",\"readinessProbe\":{\"exec\":{\"command\":[\"sh\",\"-c\",\"exit 0\"]},\"periodSeconds\":2}}]}}",
            "--env=WHO=dashboard",
            "--", "sh", "-c", "echo hello $WHO; exec sleep 300");
        Assert.True(run.ExitCode == 0, run.ToString());

        // Pending, then Running, on the page as it is: no reload.
        var row = page.Locator("tr[data-name='hello']");
        await Expect(row).ToContainTextAsync("Running", new() { Timeout = 90_000 });

        await row.GetByRole(AriaRole.Link, new() { Name = "hello" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/w/default/namespaces/default/pods/hello$"));
        await Expect(page.Locator("tr[data-container='hello']")).ToContainTextAsync("Running");
        await Expect(page.Locator("tr[data-container='hello']")).ToContainTextAsync("readiness: exec [sh -c exit 0] every 2s, 3 failures");
        await DashboardSession.ScreenshotAsync(page, "pod");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Logs" }).ClickAsync();
        await Expect(page.GetByTestId("log")).ToContainTextAsync("hello dashboard");
        await DashboardSession.ScreenshotAsync(page, "pod-logs");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.Locator(".rz-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/w/default/namespaces/default/pods$"), new() { Timeout = 60_000 });
        await Expect(page.Locator("tr[data-name='hello']")).ToHaveCountAsync(0);
        var gone = await session.Kubectl.RunAsync("get", "pod", "hello", "--ignore-not-found", "-o", "name");
        Assert.Equal("", gone.Stdout.Trim());
    }
}
