using System.Reflection;
using System.Text.Json;
using Berth.Bench.Api;
using Microsoft.Playwright;

namespace Berth.Bench.Dashboard;

/// <summary>
/// The browser side: Debian's Chromium under Playwright, signed into the dashboard as admin, on the
/// pods page of the benchmark's namespace. Every figure is read from the page's own clock
/// (page-probe.js), not from Playwright's polling.
/// </summary>
internal sealed class DashboardBench : IAsyncDisposable
{
    public const string AdminPassword = "dashboard bench password";
    public const string Namespace = "bench";

    // As tests/Web.Tests/Support/DashboardSession.cs launches it.
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly IBrowserContext context;
    private readonly KubeClient client;
    private readonly PodNames names;
    private int probes;

    private DashboardBench(IPlaywright playwright, IBrowser browser, IBrowserContext context, KubeClient client, PodNames names)
    {
        this.playwright = playwright;
        this.browser = browser;
        this.context = context;
        this.client = client;
        this.names = names;
    }

    public string BrowserVersion => $"Chromium {browser.Version}";

    public static string PodsPath => $"/w/default/namespaces/{Namespace}/pods";

    public static async Task<DashboardBench> StartAsync(Uri server, string chromium, KubeClient client, PodNames names)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Args = ChromiumArgs });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 820 },
        });
        context.SetDefaultTimeout((float)Deadline.TotalMilliseconds);
        await using (var script = Assembly.GetExecutingAssembly().GetManifestResourceStream("page-probe.js")!)
        using (var reader = new StreamReader(script))
        {
            await context.AddInitScriptAsync(await reader.ReadToEndAsync());
        }

        // Sign in once through the form, as a person does; every later page shares the cookie.
        var page = await context.NewPageAsync();
        await page.GotoAsync(PodsPath);
        await page.GetByLabel("User name or email").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("tr[data-name]").First.WaitForAsync();
        await page.CloseAsync();
        return new DashboardBench(playwright, browser, context, client, names);
    }

    /// <summary>
    /// Opens the pods page in a new tab (same browser, cookie and HTTP cache: a returning user) and
    /// returns ms since navigation start until each milestone: the HTML received (responseEnd),
    /// DOMContentLoaded, load, the search box enabled (the circuit is up: interactive), the first
    /// row in the DOM (firstRow) and the next frame after it (firstRowFrame).
    /// </summary>
    public async Task<(IPage Page, Dictionary<string, double> Times)> OpenAsync()
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(PodsPath);
        var timing = await WaitForValueAsync(page, "() => window.__berthBench.firstScreen()", null);
        await page.Locator(".berth-count").GetByText(names.All.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }).WaitForAsync();
        return (page, timing.EnumerateObject().ToDictionary(p => p.Name, p => Number(p.Value)));
    }

    /// <summary>
    /// Types <paramref name="suffix"/> into the search box one key at a time, each after the grid
    /// showed the previous key's result; per key, ms from the keydown to the count and rows
    /// changing in the DOM, and to the next frame. Then clears the box and waits for every row.
    /// </summary>
    public async Task<List<(double Dom, double Frame)>> FilterAsync(IPage page, string suffix)
    {
        var search = page.Locator("input.berth-search");
        await search.ClickAsync();
        var total = names.All.Count;
        var timings = new List<(double, double)>();
        for (var n = 1; n <= suffix.Length; n++)
        {
            var expected = $"{names.Matching(suffix[..n])} of {total}";
            await page.Keyboard.PressAsync(suffix[n - 1].ToString());
            var timing = await WaitForValueAsync(page, "expected => window.__berthBench.filtered(expected)", expected);
            timings.Add((Number(timing.GetProperty("dom")), Number(timing.GetProperty("frame"))));
        }

        var row = page.Locator($"tr[data-name='pod-{suffix}']");
        if (await row.CountAsync() != 1)
        {
            throw new InvalidOperationException($"typing {suffix} left the count right but not the row pod-{suffix}");
        }

        await search.FillAsync("");
        await WaitForValueAsync(page, "expected => window.__berthBench.lastCount === expected || null", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return timings;
    }

    /// <summary>
    /// Creates a pod whose name sorts first (so its row is on screen) through the API and returns ms
    /// from the start of the request until the row is in the page's DOM; then deletes it and returns
    /// ms until the row is gone. Both on the machine's wall clock, read by the harness and the page.
    /// </summary>
    public async Task<(double Appear, double Vanish)> ChangeAsync(IPage page, PodManifest pod)
    {
        // "a-probe-…" sorts before every "pod-…" and contains none of the search letters.
        var name = $"a-probe-{Interlocked.Increment(ref probes):D4}";
        await page.EvaluateAsync("name => window.__berthBench.watch(name)", name);
        var created = WallMs();
        await client.CreatePodAsync(Namespace, pod.Body(name));
        var appeared = Number(await WaitForValueAsync(page, "() => window.__berthBench.watchedAt(true)", null));
        var deleted = WallMs();
        await client.DeletePodAsync(Namespace, name);
        var vanished = Number(await WaitForValueAsync(page, "() => window.__berthBench.watchedAt(false)", null));
        return (appeared - created, vanished - deleted);
    }

    /// <summary>What the page loaded and when (ms since navigation start), to see where a first screen's time goes.</summary>
    public static async Task<List<string>> ResourcesAsync(IPage page) =>
        [.. await page.EvaluateAsync<string[]>("""
            () => performance.getEntriesByType('resource').map(r =>
              `${r.startTime.toFixed(0)}–${r.responseEnd.toFixed(0)} ms ${r.initiatorType} ${new URL(r.name).pathname} (${r.transferSize} B)`)
            """)];

    /// <summary>The page's responsiveness probe (page-probe.js) over <paramref name="duration"/>.</summary>
    public static async Task<(List<double> Tasks, List<double> Frames, List<double> LongTasks)> ProbeAsync(IPage page, TimeSpan duration)
    {
        var result = await page.EvaluateAsync<JsonElement>("s => window.__berthBench.probe(s)", duration.TotalSeconds);
        static List<double> Read(JsonElement e) => [.. e.EnumerateArray().Select(Number)];
        return (Read(result.GetProperty("tasks")), Read(result.GetProperty("frames")), Read(result.GetProperty("longTasks")));
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    // Playwright hands some numbers over as strings (e.g. "-0").
    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? double.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : value.GetDouble();

    private static double WallMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    /// <summary>Waits (polling every animation frame, up to the deadline) for the expression to be non-null, and returns it.</summary>
    private static async Task<JsonElement> WaitForValueAsync(IPage page, string expression, object? arg)
    {
        var handle = await page.WaitForFunctionAsync(expression, arg, new PageWaitForFunctionOptions { Timeout = (float)Deadline.TotalMilliseconds });
        return (await handle.JsonValueAsync<JsonElement>());
    }
}
