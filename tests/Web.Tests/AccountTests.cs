using Berth.Api.Tests.Support;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>The account page: two-factor set up in the browser, after which signing in asks for the code.</summary>
public sealed class AccountTests
{
    [ChromiumFact]
    public async Task Two_factor_set_up_on_the_account_page_keeps_this_session_and_makes_sign_in_ask_for_the_code()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/account");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor" }).ClickAsync();
        var key = (await page.GetByTestId("authenticator-key").TextContentAsync())!.Trim();
        await Expect(page.Locator(".berth-qr svg")).ToBeVisibleAsync();
        await DashboardSession.ScreenshotAsync(page, "two-factor");

        await page.GetByLabel("Code from the app").FillAsync("000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not right");

        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Two-factor sign-in is on");

        // This session goes on (its cookie was renewed with the change); a new one needs the code.
        await page.GotoAsync("/w/default");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/w/default$"));
        var fresh = await session.OpenAsync("/w/default");
        await DashboardSession.SignInAsync(fresh, "admin", DashboardSession.AdminPassword);
        await Expect(fresh.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Enter the code from your authenticator app.");
        await fresh.GetByLabel("Authenticator code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await fresh.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(fresh).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/w/default$"));
    }

    [ChromiumFact]
    public async Task A_password_change_needs_the_current_password_and_keeps_this_session()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/account");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);

        await page.GetByLabel("Current password").FillAsync("not the password at all");
        await page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The current password is not right.");

        await page.GetByLabel("Current password").FillAsync(DashboardSession.AdminPassword);
        await page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Password changed");
        await page.GotoAsync("/w/default");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/w/default$")); // this session went on

        var fresh = await session.OpenAsync("/w/default");
        await DashboardSession.SignInAsync(fresh, "admin", DashboardSession.AdminPassword);
        await Expect(fresh.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is not right."); // the old one is gone
    }
}
