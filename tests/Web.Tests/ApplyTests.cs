using System.Text;
using System.Text.RegularExpressions;
using Berth.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Berth.Web.Tests;

/// <summary>Apply YAML from the dashboard: a manifest is checked by the server, refused at the line it concerns, then applied.</summary>
public sealed class ApplyTests
{
    private const string Valid = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: berth.local/busybox:test
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: solo
          namespace: default
        spec:
          containers:
          - name: main
            image: berth.local/busybox:test
        """;

    // The second container has no image: Kubernetes' 422 names spec.containers[1].image.
    private const string Invalid = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: broken
          namespace: default
        spec:
          containers:
          - name: main
            image: berth.local/busybox:test
          - name: sidecar
            command: ["sleep", "1"]
        """;

    [ChromiumFact]
    public async Task A_manifest_is_dry_run_then_applied_and_an_invalid_one_is_refused_at_its_line()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = await session.OpenAsync("/w/default/apply");
        await DashboardSession.SignInAsync(page, "admin", DashboardSession.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Apply YAML" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Upload a manifest")).ToBeEnabledAsync(); // the circuit is up: the upload reaches the page

        await UploadAsync(page, "broken.yaml", Invalid);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var sidecarLine = Invalid.Split('\n').ToList().FindIndex(l => l.Contains("- name: sidecar", StringComparison.Ordinal)) + 1;
        await Expect(page.Locator("[data-object='pod/broken']")).ToContainTextAsync($"Line {sidecarLine}: spec.containers[1].image");
        await Expect(page.Locator(".CodeMirror .berth-error-line")).ToHaveCountAsync(1);
        await DashboardSession.ScreenshotAsync(page, "apply-error");
        var none = await session.Kubectl.RunAsync("get", "pod", "broken", "--ignore-not-found", "-o", "name");
        Assert.Equal("", none.Stdout.Trim()); // refused by the dry run: nothing stored

        await UploadAsync(page, "web.yaml", Valid);
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        await Expect(page.Locator("[data-object='deployment/web']")).ToContainTextAsync("would be created (dry run)");
        Assert.Equal("", (await session.Kubectl.RunAsync("get", "deployment", "web", "--ignore-not-found", "-o", "name")).Stdout.Trim());

        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        // "would be created (dry run)" contains "created" too: wait for the dry run's words to go first.
        await Expect(page.Locator("[data-object='deployment/web']")).Not.ToContainTextAsync("dry run");
        await Expect(page.Locator("[data-object='deployment/web']")).ToContainTextAsync("created");
        await Expect(page.Locator("[data-object='pod/solo']")).ToContainTextAsync("created");
        var replicas = await session.Kubectl.RunAsync("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("2", replicas.Stdout.Trim());

        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("[data-object='pod/solo']")).ToContainTextAsync("unchanged");
    }

    private static async Task UploadAsync(IPage page, string name, string text)
    {
        await page.GetByLabel("Upload a manifest").SetInputFilesAsync(new FilePayload
        {
            Name = name,
            MimeType = "application/yaml",
            Buffer = Encoding.UTF8.GetBytes(text),
        });
        // The editor shows the file once the upload reached the server and came back.
        await Expect(page.Locator(".CodeMirror")).ToContainTextAsync(new Regex(Regex.Escape(text.Split('\n')[3].Trim())));
    }
}
