using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>A Secret's page shows keys and sizes, never a value (not in the YAML either) until Reveal; the reveal is in the Team page's audit log.</summary>
public sealed class SecretRevealTests
{
    private const string Value = "s3cr3t-dashboard-value";

    [ChromiumFact]
    public async Task A_secret_value_is_hidden_until_revealed_and_the_reveal_is_in_the_audit_log()
    {
        await using var session = await DashboardSession.StartAsync();
        var created = await session.Kubectl.RunAsync("create", "secret", "generic", "db-credentials", $"--from-literal=password={Value}", "--from-literal=user=app");
        Assert.True(created.ExitCode == 0, created.ToString());

        var page = await session.OpenAsync("/w/default/namespaces/default/secrets/db-credentials");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        var password = page.Locator("tr[data-key='password']");
        await Expect(password).ToContainTextAsync($"{Value.Length} bytes");
        await Expect(password.GetByTestId("secret-hidden")).ToHaveTextAsync("•••");
        await Expect(password.GetByRole(AriaRole.Button, new() { Name = "Reveal" })).ToBeEnabledAsync(); // the circuit is up
        Assert.DoesNotContain(Value, await page.ContentAsync());

        // The YAML tab has the keys, with the values hidden: neither the text nor its base64.
        await page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await Expect(page.GetByTestId("yaml")).ToContainTextAsync("password: •••");
        var yaml = await page.GetByTestId("yaml").TextContentAsync();
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Value)), yaml);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Summary" }).ClickAsync();
        await password.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Expect(password.GetByTestId("secret-value")).ToHaveTextAsync(Value);
        await Expect(page.Locator("tr[data-key='user']").GetByTestId("secret-hidden")).ToBeVisibleAsync(); // one key at a time
        await DashboardSession.ScreenshotAsync(page, "secret");

        await page.GotoAsync("/w/default/team");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Filter" })).ToBeEnabledAsync();
        await page.GetByLabel("Audit verb").FillAsync("reveal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var rows = page.GetByTestId("audit").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("default/db-credentials");
        await Expect(rows.First).ToContainTextAsync("dashboard");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" }).EvaluateAsync("heading => heading.scrollIntoView()");
        await DashboardSession.ScreenshotAsync(page, "audit");

        // Editing its YAML starts with a reveal of every value (audited), and saves the edited ones.
        await page.GotoAsync("/w/default/namespaces/default/secrets/db-credentials");
        await Expect(password.GetByRole(AriaRole.Button, new() { Name = "Reveal" })).ToBeEnabledAsync(); // the circuit is up: a tab chosen before it would be reset
        await page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Expect(page.Locator(".CodeMirror")).ToContainTextAsync(Base64(Value));
        await page.EvaluateAsync("([from, to]) => { const cm = document.querySelector('.CodeMirror').CodeMirror; cm.setValue(cm.getValue().replace(from, to)); }",
            new[] { Base64(Value), Base64("an edited value") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        var stored = await session.Kubectl.RunAsync("get", "secret", "db-credentials", "-o", "jsonpath={.data.password}");
        Assert.Equal(Base64("an edited value"), stored.Stdout.Trim());
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
