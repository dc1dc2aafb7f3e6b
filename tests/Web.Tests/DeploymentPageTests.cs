using System.Text.Json.Nodes;
using Berth.Tests.Support;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>
/// A Deployment's page: its ReplicaSets and their pods, and Scale, which kubectl then sees; a
/// viewer gets the page without Scale, Delete or Reveal, and gets Scale once made a developer on
/// the Team page.
/// </summary>
public sealed class DeploymentPageTests
{
    [ChromiumFact]
    public async Task Scale_on_the_deployment_page_changes_its_replicas_and_only_roles_that_may_scale_see_it()
    {
        await using var session = await DashboardSession.StartAsync();
        Assert.Equal(0, (await session.Kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=1")).ExitCode);
        Assert.Equal(0, (await session.Kubectl.RunAsync("create", "secret", "generic", "token", "--from-literal=key=value")).ExitCode);
        // This server runs no Deployment controller yet: the ReplicaSet and pod a rollout would make are made here, owned the same way.
        var uid = (await session.Kubectl.RunAsync("get", "deployment", "web", "-o", "jsonpath={.metadata.uid}")).Stdout.Trim();
        await ApplyAsync(session, $$$"""
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: web-5d4f8
              annotations: {"deployment.kubernetes.io/revision": "1"}
              ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: "{{{uid}}}", controller: true}]
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: nginx, image: nginx}]}
            """);
        var rsUid = (await session.Kubectl.RunAsync("get", "replicaset", "web-5d4f8", "-o", "jsonpath={.metadata.uid}")).Stdout.Trim();
        await ApplyAsync(session, $$$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-5d4f8-x7k2p
              labels: {app: web}
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f8, uid: "{{{rsUid}}}", controller: true}]
            spec: {containers: [{name: nginx, image: nginx}]}
            """);

        var page = await session.OpenAsync("/w/default/namespaces/default/deployments/web");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.Locator("tr[data-replicaset='web-5d4f8']")).ToContainTextAsync("1");
        await Expect(page.Locator("tr[data-pod='web-5d4f8-x7k2p']")).ToContainTextAsync("Pending");
        await Expect(page.GetByTestId("replicas")).ToContainTextAsync("1 desired");

        var scale = page.GetByRole(AriaRole.Button, new() { Name = "Scale" });
        await Expect(scale).ToBeEnabledAsync(); // the circuit is up
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Desired replicas" }).FillAsync("3");
        await scale.ClickAsync();
        await Eventually.WaitForAsync("kubectl to see 3 replicas",
            async () => (await session.Kubectl.RunAsync("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")).Stdout.Trim(),
            replicas => replicas == "3", TimeSpan.FromSeconds(20));
        await Expect(page.GetByTestId("replicas")).ToContainTextAsync("3 desired"); // the page follows the object
        await DashboardSession.ScreenshotAsync(page, "deployment");

        // A viewer, invited on the Team page, sees the Deployment and its pods, and no button that changes anything.
        var viewer = await session.OpenAsync("/sign-up");
        await viewer.GetByLabel("User name").FillAsync("watcher");
        await viewer.GetByLabel("Password").FillAsync("a long enough passphrase");
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(viewer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workspaces$"));

        await page.GotoAsync("/w/default/team");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Invite" })).ToBeEnabledAsync();
        await page.GetByLabel("Invite user").FillAsync("watcher");
        await Expect(page.GetByLabel("Role of the invited user")).ToContainTextAsync("viewer"); // the form's default
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(page.Locator("tr[data-member='watcher']")).ToBeVisibleAsync();

        await viewer.GotoAsync("/w/default/namespaces/default/deployments/web");
        await Expect(viewer.Locator("tr[data-pod='web-5d4f8-x7k2p']")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("replicas")).ToContainTextAsync("3 desired");
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Scale" })).ToHaveCountAsync(0);
        await viewer.GotoAsync("/w/default/namespaces/default/secrets/token");
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Reveal" })).ToHaveCountAsync(0);
        // The Team page of a viewer has no audit log and no role to change.
        await viewer.GotoAsync("/w/default/team");
        await Expect(viewer.Locator("tr[data-member='admin']")).ToContainTextAsync("owner");
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Combobox, new() { Name = "Role of admin" })).ToHaveCountAsync(0);

        // A request crafted from the viewer's own browser session (its cookie, no button) is refused by the server all the same.
        var crafted = await viewer.Context.APIRequest.PostAsync("/console/v1/workspaces/default/join-tokens",
            new() { DataObject = new { description = "crafted by a viewer" } });
        Assert.Equal(403, crafted.Status);
        var tokens = await page.Context.APIRequest.GetAsync("/console/v1/workspaces/default/join-tokens");
        Assert.Equal(200, tokens.Status);
        Assert.DoesNotContain("crafted by a viewer", await tokens.TextAsync()); // nothing was made

        // Made a developer on the Team page, the same user gets Scale; the last owner cannot step down.
        await Dropdowns.ChooseAsync(page, "Role of watcher", "developer");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Role of watcher", Exact = true })).ToContainTextAsync("developer");
        // The drop-down shows the choice at once; the page is opened only once the server has stored it.
        await Eventually.WaitForAsync("the console to name watcher a developer",
            async () => JsonNode.Parse(await (await page.Context.APIRequest.GetAsync("/console/v1/workspaces/default/members")).TextAsync())!
                .AsArray().FirstOrDefault(m => (string?)m?["user"] == "watcher")?["role"]?.GetValue<string>(),
            role => role == "developer", TimeSpan.FromSeconds(20));
        await viewer.GotoAsync("/w/default/namespaces/default/deployments/web");
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Scale" })).ToBeVisibleAsync();
        await Dropdowns.ChooseAsync(page, "Role of admin", "admin");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("last owner");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Role of admin", Exact = true })).ToContainTextAsync("owner");
    }

    private static async Task ApplyAsync(DashboardSession session, string manifest)
    {
        var file = Path.Combine(Path.GetTempPath(), $"berth-deployment-{Guid.NewGuid():N}.yaml");
        try
        {
            await File.WriteAllTextAsync(file, manifest);
            var applied = await session.Kubectl.RunAsync("apply", "-f", file);
            Assert.True(applied.ExitCode == 0, applied.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
