using System.Text.RegularExpressions;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>
/// Editing an object's YAML on its page, a concurrent kubectl write shown as a conflict with a diff,
/// and the History tab: who made each revision, a diff of two, and restoring an old one.
/// </summary>
public sealed class EditHistoryTests
{
    [ChromiumFact]
    public async Task A_configmap_is_edited_a_conflict_is_shown_with_its_diff_and_an_old_revision_is_restored()
    {
        await using var session = await DashboardSession.StartAsync();
        Assert.Equal(0, (await session.Kubectl.RunAsync("create", "configmap", "settings", "--from-literal=mode=first")).ExitCode);
        var page = await session.OpenAsync("/w/default/namespaces/default/configmaps/settings");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "settings" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeEnabledAsync(); // the circuit is up: tabs and buttons act

        // Edit and save: kubectl reads the new value.
        await page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        await EditAsync(page, "mode: first", "mode: second");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Expect(page.GetByTestId("yaml")).ToContainTextAsync("mode: second");
        Assert.Equal("second", await ModeAsync(session));

        // Edit again while kubectl changes the object: Save is refused as a conflict; Reload shows theirs.
        await EditAsync(page, "mode: second", "mode: mine");
        Assert.Equal(0, (await session.Kubectl.RunAsync("patch", "configmap", "settings", "-p", """{"data":{"mode":"interim"}}""")).ExitCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var conflict = page.GetByTestId("conflict");
        await Expect(conflict).ToContainTextAsync("was changed since you opened it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Expect(conflict).ToHaveCountAsync(0);
        await Expect(page.Locator(".CodeMirror")).ToContainTextAsync("mode: interim");
        Assert.Equal("interim", await ModeAsync(session));

        // Once more, and this time the diff is shown and the user keeps their text.
        await ReplaceTextAsync(page, "mode: interim", "mode: mine");
        Assert.Equal(0, (await session.Kubectl.RunAsync("patch", "configmap", "settings", "-p", """{"data":{"mode":"theirs"}}""")).ExitCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(conflict).ToContainTextAsync("was changed since you opened it");
        await Expect(page.Locator(".berth-conflict td.berth-diff-removed[data-side='old']").Filter(new() { HasText = "mode: interim" })).ToHaveCountAsync(1);
        await Expect(page.Locator(".berth-conflict td.berth-diff-added[data-side='new']").Filter(new() { HasText = "mode: theirs" })).ToHaveCountAsync(1);
        Assert.Equal("theirs", await ModeAsync(session));
        await DashboardSession.ScreenshotAsync(page, "edit-conflict");

        // Keeping one's text saves it over the newer version, which the user has now seen.
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep my text" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("yaml")).ToContainTextAsync("mode: mine");
        Assert.Equal("mine", await ModeAsync(session));

        // History: five revisions, each with who made it; diff the first against kubectl's last change.
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        var rows = page.Locator("table[aria-label='History'] tbody tr");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.Last).ToContainTextAsync("created");
        await Expect(rows.Last).ToContainTextAsync("admin");
        var first = await rows.Last.GetAttributeAsync("data-revision");
        var theirs = await rows.Nth(1).GetAttributeAsync("data-revision");
        await page.GetByLabel($"Old: revision {first}", new() { Exact = true }).CheckAsync();
        await page.GetByLabel($"New: revision {theirs}", new() { Exact = true }).CheckAsync();
        var diff = page.Locator($"table[aria-label='Diff of Revision {first} (created) and Revision {theirs} (updated)']");
        await Expect(diff.Locator("td.berth-diff-removed").Filter(new() { HasText = "mode: first" })).ToHaveCountAsync(1);
        await Expect(diff.Locator("td.berth-diff-added").Filter(new() { HasText = "mode: theirs" })).ToHaveCountAsync(1);
        await DashboardSession.ScreenshotAsync(page, "history");

        // Restore the first revision, confirmed in a dialog: kubectl reads it back, as a sixth revision.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Restore revision {first}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(new Regex($"Revision {first} restored as revision \\d+"));
        Assert.Equal("first", await ModeAsync(session));
        await Expect(rows).ToHaveCountAsync(6);

        // Deleted with kubectl, the page says so and still lists the history, from which it comes back.
        Assert.Equal(0, (await session.Kubectl.RunAsync("delete", "configmap", "settings")).ExitCode);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(rows).ToHaveCountAsync(7);
        await Expect(rows.First).ToContainTextAsync("deleted");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Restore revision {theirs}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "settings" })).ToBeVisibleAsync();
        Assert.Equal("theirs", await ModeAsync(session));
    }

    /// <summary>Opens the editor and changes one line.</summary>
    private static async Task EditAsync(IPage page, string from, string to)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
        await ReplaceTextAsync(page, from, to);
    }

    /// <summary>Changes one line of the open editor through CodeMirror's own API, as typing would.</summary>
    private static async Task ReplaceTextAsync(IPage page, string from, string to)
    {
        await Expect(page.Locator(".CodeMirror")).ToContainTextAsync(from);
        await page.EvaluateAsync("([from, to]) => { const cm = document.querySelector('.CodeMirror').CodeMirror; cm.setValue(cm.getValue().replace(from, to)); }",
            new[] { from, to });
    }

    private static async Task<string> ModeAsync(DashboardSession session) =>
        (await session.Kubectl.RunAsync("get", "configmap", "settings", "-o", "jsonpath={.data.mode}")).Stdout.Trim();
}
