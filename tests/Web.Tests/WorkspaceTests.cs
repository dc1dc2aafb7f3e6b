using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>Workspaces from the dashboard: creating one, and the same "not found" for any workspace that is not yours.</summary>
public sealed class WorkspaceTests
{
    [ChromiumFact]
    public async Task A_workspace_created_in_the_dashboard_opens_with_its_standard_namespaces()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/workspaces");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);

        await page.GetByLabel("Workspace name").FillAsync("team-a");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/w/team-a$"));

        await page.GotoAsync("/w/team-a/namespaces");
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            await Expect(page.Locator($"tr[data-name='{name}']")).ToBeVisibleAsync();
        }
    }

    [ChromiumFact]
    public async Task A_taken_name_is_refused_in_words_and_a_workspace_not_yours_is_not_found()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/workspaces");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);

        await page.GetByLabel("Workspace name").FillAsync("default");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("default");

        await page.GotoAsync("/w/nobodys/pods");
        await Expect(page.GetByText("There is no workspace \"nobodys\" that you are a member of.")).ToBeVisibleAsync();
    }
}
