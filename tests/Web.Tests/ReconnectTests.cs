using System.Text.RegularExpressions;
using Berth.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>An open page outlives its server: the circuit drops with the server and the page comes back by itself, live again.</summary>
public sealed class ReconnectTests
{
    [ChromiumFact]
    public async Task An_open_page_reconnects_after_a_server_restart_and_shows_changes_live_again()
    {
        await using var session = await DashboardSession.StartAsync(restartable: true);
        var page = await session.OpenAsync("/w/default/pods");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/w/default/pods$"));
        await Expect(page.GetByText("No pods in this workspace yet.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Search")).ToBeEnabledAsync();

        // While the server is down the page says it is rejoining (Blazor's reconnect display, in a
        // shadow root: "Rejoining the server...", then "Rejoin failed... trying again in 2 seconds").
        var reconnecting = page.GetByText(new Regex("^Rejoin"));
        await session.RestartServerAsync(() => Expect(reconnecting).ToBeVisibleAsync());

        // The new server has no circuit for the page: the page reloads itself and is live again,
        // signed in still (the cookie keys are in the datastore), without anyone reloading it.
        await Expect(reconnecting).ToBeHiddenAsync(new() { Timeout = 60_000 });
        var created = await session.Kubectl.RunAsync("run", "after-restart", "--image=berth.local/busybox:test", "--restart=Never", "-n", "default");
        Assert.True(created.ExitCode == 0, created.ToString());
        await Expect(page.Locator("tr[data-name='after-restart']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page).ToHaveURLAsync(new Regex("/w/default/pods$"));
    }
}
