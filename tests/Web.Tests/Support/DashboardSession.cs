using Berth.Cli.Tests.Support;
using Berth.Tests.Support;
using Microsoft.Playwright;

namespace Berth.Web.Tests.Support;

/// <summary>
/// A real <c>./berth server</c> on a fresh PostgreSQL database, the real kubectl on its admin
/// kubeconfig, and Debian's Chromium driven by Playwright: what a user of the dashboard has.
/// </summary>
internal sealed class DashboardSession : IAsyncDisposable
{
    public const string AdminPassword = "dashboard test password";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly TempDirectory directory;
    private readonly TestDatabase database;
    private readonly IPlaywright playwright;
    private readonly string[] serverArguments;

    private DashboardSession(TempDirectory directory, TestDatabase database, RunningServer server, string[] serverArguments, Kubectl kubectl,
        IPlaywright playwright, IBrowser browser)
    {
        this.directory = directory;
        this.database = database;
        this.serverArguments = serverArguments;
        this.playwright = playwright;
        Server = server;
        Kubectl = kubectl;
        Browser = browser;
    }

    public RunningServer Server { get; private set; }

    public Kubectl Kubectl { get; }

    /// <summary>The admin kubeconfig the server wrote: its address and CA, for kubeconfigs of other tokens.</summary>
    public string KubeconfigPath => Path.Combine(directory.Path, "kubeconfig.yaml");

    public IBrowser Browser { get; }

    /// <param name="node">The name of the node the server runs for this machine (on Docker); null runs none.</param>
    /// <param name="restartable">Listen on a port picked now rather than port 0, so that <see cref="RestartServerAsync"/> comes back at the same address.</param>
    public static async Task<DashboardSession> StartAsync(string? node = null, bool restartable = false)
    {
        var directory = new TempDirectory();
        var database = await TestDatabase.CreateAsync();
        string[] agent = node is null ? ["--disable-agent"] : ["--node-name", node];
        var port = restartable ? FreePort.Pick() : 0;
        string[] arguments = ["--data-dir", directory.Path, "--listen", $"127.0.0.1:{port}", "--datastore", database.Url, .. agent];
        var server = await BerthCli.StartServerWithAsync(BerthCli.Environment(adminPassword: AdminPassword), arguments);
        var kubeconfig = Path.Combine(directory.Path, "kubeconfig.yaml");
        await Eventually.WaitForAsync("the server writes its kubeconfig", () => Task.FromResult(File.Exists(kubeconfig)), ok => ok, TimeSpan.FromSeconds(30));
        // A slow CI machine renders the first page of a fresh server in seconds, not milliseconds.
        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Args = ChromiumArgs,
        });
        return new DashboardSession(directory, database, server, arguments, new Kubectl(kubeconfig, Path.Combine(directory.Path, "kube-cache")), playwright, browser);
    }

    /// <summary>A new browser context (its own cookies) on a page at <paramref name="path"/>.</summary>
    public async Task<IPage> OpenAsync(string path = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 820 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Signs in through the form, as a person does, and waits for the first page behind it.</summary>
    public static async Task SignInAsync(IPage page, string login, string password)
    {
        await page.GetByLabel("User name or email").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Keeps a screenshot of the page in docs/screenshots, linked from the README.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = RepositoryRoot.File("docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }

    /// <summary>
    /// Stops the server (SIGTERM) and, once <paramref name="whileDown"/> has run, starts it again on
    /// the same port, data directory and database: what an upgrade or a crash looks like to an open page.
    /// </summary>
    public async Task RestartServerAsync(Func<Task> whileDown)
    {
        await Server.StopAsync();
        await Server.DisposeAsync();
        try
        {
            await whileDown();
        }
        finally
        {
            Server = await BerthCli.StartServerWithAsync(BerthCli.Environment(adminPassword: AdminPassword), serverArguments);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await Server.DisposeAsync();
        await database.DisposeAsync();
        directory.Dispose();
    }
}
