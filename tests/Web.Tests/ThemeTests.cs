using System.Text.RegularExpressions;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>Light or dark: the system's preference until one chooses with the header's toggle, then the choice, remembered by the browser.</summary>
public sealed class ThemeTests
{
    [ChromiumFact]
    public async Task The_theme_follows_the_system_until_toggled_and_the_choice_is_remembered_by_the_browser()
    {
        await using var session = await DashboardSession.StartAsync();
        var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = session.Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 820 },
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/w/default/apply");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/w/default/apply$"));

        // A dark system: dark from the first paint, Radzen's dark theme on, the editor dark too.
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        Assert.True(await BrightnessAsync(page) < 60, "a dark page");
        await Expect(page.Locator("#berth-dark-theme")).ToHaveAttributeAsync("media", "all");
        await Expect(page.Locator(".CodeMirror")).ToHaveClassAsync(new Regex("cm-s-material-darker"));
        await page.Locator(".CodeMirror").ClickAsync();
        await page.Keyboard.TypeAsync("apiVersion: v1\nkind: Pod\n");
        await DashboardSession.ScreenshotAsync(page, "dark-theme");

        // The toggle switches at once, the open editor included, and the page keeps the text typed.
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Light or dark theme" });
        await toggle.ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        Assert.True(await BrightnessAsync(page) > 200, "a light page");
        await Expect(page.Locator("#berth-dark-theme")).ToHaveAttributeAsync("media", "not all");
        await Expect(page.Locator(".CodeMirror")).ToHaveClassAsync(new Regex("cm-s-default"));
        await Expect(page.Locator(".CodeMirror")).ToContainTextAsync("kind: Pod");

        // Remembered by this browser, over the system's preference, on a new page too.
        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        var other = await context.NewPageAsync();
        await other.GotoAsync("/w/default/pods");
        await Expect(other.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        Assert.True(await BrightnessAsync(other) > 200, "a light page");

        // And back.
        await other.GetByRole(AriaRole.Button, new() { Name = "Light or dark theme" }).ClickAsync();
        await Expect(other.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await other.ReloadAsync();
        await Expect(other.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.True(await BrightnessAsync(other) < 60, "a dark page");
        var created = await session.Kubectl.RunAsync("run", "web", "--image=berth.local/busybox:test", "--restart=Never", "-n", "default");
        Assert.True(created.ExitCode == 0, created.ToString());
        await Expect(other.Locator("tr[data-name='web']")).ToContainTextAsync("Pending");
        await DashboardSession.ScreenshotAsync(other, "dark-theme-pods");

        // Another browser with a light system and no choice yet: light.
        var light = await session.OpenAsync("/w/default/pods");
        await DashboardSession.SignInAsync(light, "admin", DashboardSession.AdminPassword);
        await Expect(light).ToHaveURLAsync(new Regex("/w/default/pods$"));
        await Expect(light.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        Assert.True(await BrightnessAsync(light) > 200, "a light page");
    }

    /// <summary>The mean of the page background's red, green and blue (0–255).</summary>
    private static Task<double> BrightnessAsync(IPage page) => page.EvaluateAsync<double>(
        "() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).reduce((sum, c) => sum + Number(c), 0) / 3");
}
