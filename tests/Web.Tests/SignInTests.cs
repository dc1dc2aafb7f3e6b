using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>Signing in to the dashboard as the bootstrap admin, and what a wrong password shows.</summary>
public sealed class SignInTests
{
    [ChromiumFact]
    public async Task The_bootstrap_admin_signs_in_by_user_name_and_lands_on_the_default_workspace()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/");

        // Not signed in: every page leads to the sign-in form.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await DashboardSession.ScreenshotAsync(page, "sign-in");

        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/w/default$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "default" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Your role: owner")).ToBeVisibleAsync();
    }

    [ChromiumFact]
    public async Task A_wrong_password_is_refused_in_words_and_signs_nobody_in()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/w/default");

        await DashboardSession.SignInAsync(page, "admin", "not the password at all");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is not right.");
        await page.GotoAsync("/w/default");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [ChromiumFact]
    public async Task Someone_new_signs_up_under_the_password_rules_and_lands_signed_in_on_the_workspaces_page()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/sign-in");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create one" })).ToHaveAttributeAsync("href", "/sign-up");

        await page.GotoAsync("/sign-up");
        await page.GetByLabel("User name").FillAsync("newcomer");
        await page.GetByLabel("Password").FillAsync("too short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("12");

        await page.GetByLabel("User name").FillAsync("newcomer");
        await page.GetByLabel("Password").FillAsync("a long enough passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workspaces$"));
        await Expect(page.Locator(".berth-user")).ToHaveTextAsync("newcomer");
        await Expect(page.GetByText("No workspaces yet")).ToBeVisibleAsync();
    }
}
