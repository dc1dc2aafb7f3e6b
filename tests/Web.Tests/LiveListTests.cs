using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>The kind lists follow the watch cache: a change made with kubectl shows on an open page without a reload.</summary>
public sealed class LiveListTests
{
    [ChromiumFact]
    public async Task A_pod_created_with_kubectl_appears_on_the_open_pods_page_and_goes_when_deleted()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/w/default/pods");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/w/default/pods$"));
        await Expect(page.GetByText("No pods in this workspace yet.")).ToBeVisibleAsync();

        var created = await session.Kubectl.RunAsync("run", "web", "--image=berth.local/busybox:test", "--restart=Never", "-n", "default");
        Assert.True(created.ExitCode == 0, created.ToString());

        // The page was not reloaded: the row arrives over the circuit from the watch cache.
        var row = page.Locator("tr[data-name='web']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Pending");
        await Expect(row).ToContainTextAsync("default");
        await DashboardSession.ScreenshotAsync(page, "pods");

        var deleted = await session.Kubectl.RunAsync("delete", "pod", "web", "-n", "default", "--wait=false");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        await Expect(row).ToHaveCountAsync(0);
    }

    [ChromiumFact]
    public async Task The_search_box_filters_rows_and_the_namespace_is_in_the_url()
    {
        await using var session = await DashboardSession.StartAsync();
        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            var made = await session.Kubectl.RunAsync("create", "configmap", name, "-n", "kube-system", "--from-literal=k=v");
            Assert.True(made.ExitCode == 0, made.ToString());
        }

        var page = await session.OpenAsync("/w/default/namespaces/kube-system/configmaps");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.Locator("tr[data-name]")).ToHaveCountAsync(3);

        await page.GetByLabel("Search").FillAsync("et");
        await Expect(page.Locator("tr[data-name]")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-name='beta']")).ToBeVisibleAsync();
    }
}
