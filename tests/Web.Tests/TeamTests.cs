using System.Text.RegularExpressions;
using Berth.Tests.Support;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>The Team page: a token made in the browser works with kubectl at the role it was given, and stops when revoked; a kubeconfig downloads.</summary>
public sealed partial class TeamTests
{
    [ChromiumFact]
    public async Task A_token_made_on_the_team_page_works_with_kubectl_at_its_role_until_revoked()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/w/default/team");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API tokens" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-member='admin']")).ToContainTextAsync("owner");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create token" })).ToBeEnabledAsync(); // the circuit is up

        await page.GetByLabel("Token name").FillAsync("ci-reader");
        await Dropdowns.ChooseAsync(page, "Token role", "viewer");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Token role", Exact = true })).ToContainTextAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secret = (await page.GetByTestId("token-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("berth_", secret);
        await Expect(page.Locator("tr[data-token='ci-reader']")).ToContainTextAsync("viewer");
        await DashboardSession.ScreenshotAsync(page, "team");

        var kubeconfig = Path.Combine(Path.GetTempPath(), $"berth-team-{Guid.NewGuid():N}.yaml");
        try
        {
            var admin = await File.ReadAllTextAsync(session.KubeconfigPath);
            await File.WriteAllTextAsync(kubeconfig, TokenLine().Replace(admin, "    token: " + secret));
            var kubectl = new Kubectl(kubeconfig, kubeconfig + ".cache");
            var read = await kubectl.RunAsync("get", "namespaces", "-o", "name");
            Assert.True(read.ExitCode == 0, read.ToString());
            var write = await kubectl.RunAsync("create", "configmap", "refused", "--from-literal=a=b");
            Assert.Contains("is forbidden: User \"admin\" cannot create", write.Stderr);

            await page.Locator("tr[data-token='ci-reader']").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Expect(page.Locator("tr[data-token='ci-reader']")).ToContainTextAsync("revoked");
            var after = await kubectl.RunAsync("get", "namespaces", "-o", "name");
            Assert.Contains("Unauthorized", after.Stderr);
        }
        finally
        {
            File.Delete(kubeconfig);
        }

        // A kubeconfig from the page works as it is.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download kubeconfig" }).ClickAsync());
        Assert.Equal("berth-default.kubeconfig", download.SuggestedFilename);
        var downloaded = Path.Combine(Path.GetTempPath(), $"berth-download-{Guid.NewGuid():N}.yaml");
        try
        {
            await download.SaveAsAsync(downloaded);
            var listed = await new Kubectl(downloaded, downloaded + ".cache").RunAsync("get", "namespaces", "-o", "name");
            Assert.True(listed.ExitCode == 0, listed.ToString());
            Assert.Contains("namespace/default", listed.Stdout);
        }
        finally
        {
            File.Delete(downloaded);
        }
    }

    [GeneratedRegex(@"^\s*token:\s*\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();
}
