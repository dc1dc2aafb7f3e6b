using Berth.Api;
using Berth.Api.Limits;
using Berth.Engine.Store;
using Berth.Engine.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Tests.Support;

/// <summary>Starts a real <see cref="BerthServer"/> on a free loopback port, quiet unless a test wants its logs.</summary>
internal static class TestServers
{
    public static Task<BerthServer> StartAsync(string dataDirectory, string? datastore = null, Action<ILoggingBuilder>? logging = null,
        RevisionStoreOptions? store = null, ControllerOptions? controllers = null, string? adminPassword = null, bool allowSignUp = true,
        string listen = "127.0.0.1:0", RateLimitOptions? rateLimits = null, string? encryptionKeyFile = null,
        TimeSpan? deletedWorkspaceRetention = null, string? tlsCertificateFile = null, string? tlsKeyFile = null, string? tlsCaFile = null) =>
        BerthServer.StartAsync(new ServerOptions
        {
            DataDirectory = dataDirectory,
            Datastore = datastore,
            Listen = listen,
            Logging = logging ?? (_ => { }),
            Store = store ?? new RevisionStoreOptions(),
            Controllers = controllers ?? new ControllerOptions(),
            AdminPassword = adminPassword,
            AllowSignUp = allowSignUp,
            RateLimits = rateLimits ?? new RateLimitOptions(),
            EncryptionKeyFile = encryptionKeyFile,
            DeletedWorkspaceRetention = deletedWorkspaceRetention ?? TimeSpan.Zero,
            TlsCertificateFile = tlsCertificateFile,
            TlsKeyFile = tlsKeyFile,
            TlsCaFile = tlsCaFile,
        });

    /// <summary>Controller waits short enough that a test sees leadership move and new workspaces picked up within a second.</summary>
    public static ControllerOptions QuickControllers { get; } = new()
    {
        LeaderRetryInterval = TimeSpan.FromMilliseconds(200),
        LeaderCheckInterval = TimeSpan.FromMilliseconds(200),
        WorkspacePollInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>No rate limits, for tests that make hundreds of requests a second on purpose (every verb of every kind).</summary>
    public static RateLimitOptions Unlimited { get; } = new() { RequestsPerSecond = 0, SignInAttemptsPerMinute = 0 };

    /// <summary>The API alone, with no controller acting on finalizers behind a test's back.</summary>
    public static ControllerOptions NoControllers { get; } = new() { Enabled = false };

    public static Uri Url(this BerthServer server, string path) => new(server.Address, path);
}
