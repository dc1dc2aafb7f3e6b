using System.Net;
using Berth.Api.Observability;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Tests.Observability;

public sealed class RequestLoggingTests : IAsyncLifetime
{
    private readonly CapturedLogs logs = new();
    private WebApplication app = null!;
    private Uri address = null!;

    public async Task InitializeAsync()
    {
        // The routes the Kubernetes API will have later, on a host of the test's own.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logs.AddTo(builder.Logging);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.UseRequestLogging();
        app.MapGet("/k8s/{workspace}/api/v1/pods", () => Results.Text("[]"));
        app.MapGet("/plain", () => Results.Text("plain"));
        app.MapGet("/broken", string () => throw new InvalidOperationException("a bug"));
        await app.StartAsync();
        address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Each_request_is_one_line_with_method_path_status_and_duration()
    {
        await Http.StatusAsync(new Uri(address, "/plain"));

        var line = Assert.Single(await RequestLines());
        Assert.Equal("GET", line.Fields["Method"]);
        Assert.Equal("/plain", line.Fields["Path"]);
        Assert.Equal(200, line.Fields["StatusCode"]);
        Assert.IsType<double>(line.Fields["DurationMs"]);
        Assert.False(line.Fields.ContainsKey("Workspace"));
        Assert.StartsWith("GET /plain 200 in ", line.Message);
    }

    [Fact]
    public async Task A_route_with_a_workspace_logs_the_workspace()
    {
        await Http.StatusAsync(new Uri(address, "/k8s/acme/api/v1/pods"));

        var line = Assert.Single(await RequestLines());
        Assert.Equal("acme", line.Fields["Workspace"]);
        Assert.Contains("workspace=acme", line.Message);
    }

    [Fact]
    public async Task Query_strings_and_headers_never_reach_the_log()
    {
        await Http.GetAsync(new Uri(address, "/k8s/acme/api/v1/pods?token=query-secret"),
            new Dictionary<string, string> { ["Authorization"] = "Bearer header-secret", ["Cookie"] = "session=cookie-secret" });

        var line = Assert.Single(await RequestLines());
        var everything = line.Message + string.Join(' ', line.Fields.Values);
        Assert.DoesNotContain("secret", everything);
    }

    [Fact]
    public async Task A_request_that_throws_is_logged_as_a_500()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Http.StatusAsync(new Uri(address, "/broken")));

        var line = Assert.Single(await RequestLines());
        Assert.Equal(500, line.Fields["StatusCode"]);
    }

    /// <summary>
    /// The request lines, once there is one: the client has its response a moment before the
    /// middleware writes the line, so reading the log straight away would race the server.
    /// </summary>
    private Task<IReadOnlyList<CapturedLog>> RequestLines() =>
        Eventually.WaitForAsync("a request line is logged",
            () => Task.FromResult<IReadOnlyList<CapturedLog>>(logs.Entries.Where(e => e.Category == typeof(RequestLogging).FullName).ToList()),
            lines => lines.Count > 0, TimeSpan.FromSeconds(5));
}
