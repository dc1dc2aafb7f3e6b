using Berth.Api.Agents;
using Berth.Api.Audit;
using Berth.Api.Authentication;
using Berth.Api.Dashboard;
using Berth.Api.Controllers;
using Berth.Api.Bootstrap;
using Berth.Api.Console;
using Berth.Api.Health;
using Berth.Api.Kubernetes;
using Berth.Api.Limits;
using Berth.Api.Observability;
using Berth.Api.Replicas;
using Berth.Api.Tenancy;
using Berth.Api.Users;
using Berth.Api.Tls;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Encryption;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;
using Berth.Engine.Store.Protection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Api;

/// <summary>
/// The <c>berth server</c> process: migrates the datastore, opens the revision store and serves
/// HTTP on Kestrel. Everything that bad input can break (the listen address, the datastore URL, an
/// unreachable database, a failing migration) fails in <see cref="StartAsync"/>, before a port is
/// bound, as a <see cref="FormatException"/> or <see cref="StoreException"/> with a one-line message.
/// </summary>
public sealed partial class BerthServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IRevisionStore store;
    private readonly ILoggerFactory loggerFactory;
    private string dataDirectory = "";

    private BerthServer(WebApplication app, IRevisionStore store, ILoggerFactory loggerFactory, DatastoreConfig datastore, IReadOnlyList<string> appliedMigrations)
    {
        KubeconfigPath = "";
        this.app = app;
        this.store = store;
        this.loggerFactory = loggerFactory;
        Datastore = datastore;
        AppliedMigrations = appliedMigrations;
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        // The bound address, not the requested one: with port 0 only Kestrel knows which port it took.
        Address = new Uri(addresses.First());
    }

    /// <summary>Where the server answers, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri Address { get; }

    public DatastoreConfig Datastore { get; }

    /// <summary>
    /// Whether plain HTTP is served beyond the probes: only when the listen address is loopback.
    /// Anywhere else every request but <c>/livez</c>, <c>/readyz</c> and <c>/healthz</c> must come over TLS (<c>Tls/HttpsOffLoopback</c>).
    /// </summary>
    public bool ServesPlainHttp { get; private init; }

    /// <summary>The certificate (PEM) a client in this process trusts the server by: its CA, or the serving certificate itself when that is publicly trusted.</summary>
    public string TrustedCertificatePem { get; private init; } = "";

    /// <summary>The admin kubeconfig for the default workspace (<c>DATA_DIR/kubeconfig.yaml</c>).</summary>
    public string KubeconfigPath { get; private set; }

    /// <summary>The join token for workspace <c>default</c> (<c>DATA_DIR/node-token</c>), for <c>berth agent --token</c>.</summary>
    public string NodeTokenPath { get; private set; } = "";

    /// <summary>What this start did about the bootstrap user <c>admin</c>: a generated password is shown once, here.</summary>
    public AdminBootstrap Admin { get; private set; } = new(null, null, false);

    /// <summary>The migrations this start applied (empty when the datastore was up to date).</summary>
    public IReadOnlyList<string> AppliedMigrations { get; }

    /// <summary>The logger factory of the process, for what runs beside the server (the embedded agent) to log as it does.</summary>
    public ILoggerFactory Logging => loggerFactory;

    /// <summary>The store the server serves from; tests write through it to see what the server reports.</summary>
    internal IRevisionStore Store => store;

    /// <summary>The control loops of this replica; tests ask it whether this replica leads.</summary>
    internal ControllerManager Controllers => app.Services.GetRequiredService<ControllerManager>();

    /// <summary>The host's services; tests reach users and workspaces through them as the endpoints do.</summary>
    internal IServiceProvider Services => app.Services;

    public static async Task<BerthServer> StartAsync(ServerOptions options, CancellationToken ct = default)
    {
        var listen = ListenAddress.Parse(options.Listen);
        var datastore = DatastoreConfig.Parse(options.Datastore, options.DataDirectory);
        var operatorCertificates = OperatorCertificates.LoadIfGiven(options, TimeProvider.System);
        var advertised = ReplicaUrls.ParseAdvertised(options.AdvertiseUrl);

        // One logger factory for the process, so the store, which opens before the web host
        // exists, logs exactly as the host does.
        var loggerFactory = LoggerFactory.Create(options.Logging);
        IRevisionStore? store = null;
        WebApplication? app = null;
        try
        {
            var applied = await Migrator.MigrateAsync(datastore, ct);
            var logger = loggerFactory.CreateLogger<BerthServer>();
            foreach (var version in applied)
            {
                LogMigrationApplied(logger, version, datastore.Display);
            }

            var encrypted = await OpenEncryptedAsync(datastore, options, loggerFactory, ct);
            store = encrypted.Store;
            await EncryptSecretsAsync(encrypted, logger, ct);
            var certificates = operatorCertificates ?? GeneratedCertificates.LoadOrCreate(options.DataDirectory, listen.EndPoint.Address);
            app = Build(listen, certificates, store, datastore, options, loggerFactory);
            await DefaultWorkspace.EnsureAsync(app.Services.GetRequiredService<ResourceObjects>(), ct);
            var admin = await EnsureAdminAsync(app.Services, options, logger, ct);
            await app.StartAsync(ct);
            var server = new BerthServer(app, store, loggerFactory, datastore, applied)
            {
                Admin = admin, dataDirectory = options.DataDirectory, ServesPlainHttp = listen.IsLoopback, TrustedCertificatePem = certificates.TrustedPem,
            };
            // After the start, as the kubeconfig: the URL names the port bound.
            await app.Services.GetRequiredService<ReplicaDirectory>().StartAsync(
                advertised ?? ReplicaUrls.Default(listen, server.Address), certificates.TrustedPem, ct);
            // After the start: only now is the bound port known, and the kubeconfig must name it.
            server.KubeconfigPath = await AdminKubeconfig.EnsureAsync(
                options.DataDirectory, server.TlsAddress, certificates, app.Services.GetRequiredService<ApiTokenStore>(), ct);
            server.NodeTokenPath = await NodeTokenFile.EnsureAsync(
                app.Services.GetRequiredService<JoinTokenStore>(), options.DataDirectory, DefaultWorkspace.Name, certificates.AuthorityHash, ct);
            return server;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (store is not null)
            {
                await store.DisposeAsync();
            }

            loggerFactory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>berth server --rotate-encryption-key</c>: adds a new primary key to the key file, then
    /// re-encrypts every Secret's current value in every workspace with it, as ordinary writes
    /// (watchers see them). Older keys stay in the file: history was written with them. Servers
    /// running on the same key file take the new key at their next Secret read or write.
    /// </summary>
    public static async Task<EncryptionKeyRotation> RotateEncryptionKeyAsync(ServerOptions options, CancellationToken ct = default)
    {
        var datastore = DatastoreConfig.Parse(options.Datastore, options.DataDirectory);
        using var loggerFactory = LoggerFactory.Create(options.Logging);
        await Migrator.MigrateAsync(datastore, ct);
        await using var store = await OpenEncryptedAsync(datastore, options, loggerFactory, ct);
        var keys = store.Keys;
        var key = await keys.RotateAsync(TimeProvider.System, ct);
        var result = await store.Store.ReprotectAsync(ct);
        return new EncryptionKeyRotation(key.Id, keys.Path, result.Rewritten, result.Unreadable);
    }

    /// <summary>The revision store with Secrets encrypted at rest under the server's key file.</summary>
    private static async Task<EncryptedStore> OpenEncryptedAsync(DatastoreConfig datastore, ServerOptions options, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var keyFile = options.EncryptionKeyFile ?? Path.Combine(options.DataDirectory, EncryptionKeyFile.DefaultName);
        var keys = await EncryptionKeyFile.LoadOrCreateAsync(keyFile, TimeProvider.System, ct);
        var inner = await RevisionStores.OpenAsync(datastore, options.Store with { LoggerFactory = loggerFactory }, ct);
        return new EncryptedStore(new ProtectedStore(inner, new SecretEncryption(keys)), keys);
    }

    /// <summary>The store that encrypts Secrets, and the key file it encrypts them with.</summary>
    private sealed record EncryptedStore(ProtectedStore Store, EncryptionKeyFile Keys) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }

    /// <summary>
    /// Encrypts Secrets stored before encryption at rest was on, and finishes a rotation a crash
    /// interrupted; reports (never fails on) values under keys this server's file lacks.
    /// </summary>
    private static async Task EncryptSecretsAsync(EncryptedStore encrypted, ILogger logger, CancellationToken ct)
    {
        var result = await encrypted.Store.ReprotectAsync(ct);
        if (result.Rewritten > 0)
        {
            LogSecretsEncrypted(logger, result.Rewritten, encrypted.Keys.Primary.Id);
        }

        foreach (var problem in result.Unreadable)
        {
            LogSecretUnreadable(logger, problem);
        }
    }

    /// <summary>The user <c>admin</c>, and the workspace <c>default</c> with admin as its owner, each made only if missing.</summary>
    private static async Task<AdminBootstrap> EnsureAdminAsync(IServiceProvider services, ServerOptions options, ILogger logger, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BerthUser>>();
        var (user, admin) = await AdminUser.EnsureAsync(users, options.DataDirectory, options.AdminPassword, services.GetRequiredService<TimeProvider>());
        await using (var workspaces = services.CreateAsyncScope())
        {
            // A scope of its own: a lost race to create the admin leaves the first scope's context holding the failed insert.
            await workspaces.ServiceProvider.GetRequiredService<WorkspaceCatalog>().EnsureAsync(DefaultWorkspace.Name, user, ct);
        }

        if (admin.PasswordOptionIgnored)
        {
            LogAdminPasswordIgnored(logger, AdminUser.Name);
        }

        return admin;
    }

    /// <summary>
    /// The same port over TLS, as kubectl must use it (it sends tokens only over TLS), with a
    /// wildcard host made loopback: e.g. <c>https://127.0.0.1:8080/</c>.
    /// </summary>
    public Uri TlsAddress => new UriBuilder(Address)
    {
        Scheme = Uri.UriSchemeHttps,
        Host = Address.Host switch { "0.0.0.0" => "127.0.0.1", "[::]" => "[::1]", var host => host },
        Port = Address.Port,
    }.Uri;

    /// <summary>
    /// The credential of the node this server runs for its own machine in workspace <c>default</c>
    /// (see <see cref="EmbeddedNodeCredential"/>), for the embedded agent the CLI starts beside it.
    /// </summary>
    public Task<string> EmbeddedNodeCredentialAsync(string nodeName, CancellationToken ct = default) =>
        EmbeddedNodeCredential.EnsureAsync(app.Services.GetRequiredService<NodeCredentialStore>(), dataDirectory, DefaultWorkspace.Name, nodeName, ct);

    /// <summary>Cancelled as soon as the server begins to stop (SIGTERM, Ctrl-C), before it waits for open connections to end.</summary>
    public CancellationToken Stopping => app.Lifetime.ApplicationStopping;

    /// <summary>Completes when the server has stopped: on Ctrl-C or SIGTERM, or when <paramref name="ct"/> asks it to.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => app.WaitForShutdownAsync(ct);

    /// <summary>How long a stopping server waits for open requests and connections before it cuts them.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(7);

    public async ValueTask DisposeAsync()
    {
        // Requests first, then the store they use, then the logs that report both.
        await app.StopAsync();
        await app.DisposeAsync();
        await store.DisposeAsync();
        loggerFactory.Dispose();
    }

    private static WebApplication Build(ListenAddress listen, ServerCertificates certificates, IRevisionStore store, DatastoreConfig datastore,
        ServerOptions options, ILoggerFactory loggerFactory)
    {
        // Args are empty on purpose: the CLI has parsed the command line already, and the host
        // must not reinterpret berth's flags as configuration.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        // The dashboard's files (src/Web, Radzen, blazor.web.js) where the build left them: a
        // published server has them under wwwroot, a built one (./berth) reads this manifest of their places.
        builder.WebHost.UseStaticWebAssets();
        // That manifest is a build's, which MapStaticAssets otherwise takes for a developer's hot
        // reload: it then re-reads every file on each request, rewrites its ETag and answers no
        // If-None-Match with 304, so every page load downloaded ~1.7 MB of scripts and styles again
        // (bench/dashboard.sh, first screen). The files do not change under a running server.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] = "false";
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen.EndPoint, endpoint => endpoint.UseTlsWhenOffered(certificates.ServingContext)));

        // A stop (SIGTERM) lets requests, watches and agents' connections end by themselves for at most
        // this long, then cuts them. The host's default (30 s) outlasted the CLI's own grace (15 s, after
        // which it exits 143 without closing the store), plus the embedded agent's 5 s before it.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownGrace);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<StoreReadiness>();
        builder.Services.AddSingleton<PrometheusExporter>();
        builder.Services.AddSingleton(ResourceRegistry.BuiltIn);
        builder.Services.AddSingleton<ResourceObjects>();
        builder.Services.AddSingleton(sp => new ApiTokenStore(datastore, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ICallerAuthenticator, ApiTokenAuthenticator>();
        ControllerHosting.AddTo(builder.Services, datastore, options.Controllers);
        builder.Services.AddTenancy(datastore, options.DeletedWorkspaceRetention);
        builder.Services.AddConsoleApi();
        builder.Services.AddAgentHub(datastore);
        builder.Services.AddAuditLog(datastore);
        builder.Services.AddDashboard(datastore, options.AllowSignUp);
        builder.Services.AddRateLimits(options.RateLimits);

        var app = builder.Build();
        // Created now rather than at the first scrape, so it counts what happens before anyone asks.
        app.Services.GetRequiredService<PrometheusExporter>();

        app.UseRequestLogging();
        // Before everything that reads a credential or a body: off loopback, plain HTTP carries none.
        app.UseHttpsOffLoopback(listen.IsLoopback);
        // Before the audit log: a request turned away did nothing worth a row, and a flood of them must not fill the audit queue.
        app.UseRateLimiter();
        app.UseConsoleBodyLimit();
        app.UseAuditLog();
        app.UseDashboardSessions();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoints();
        app.MapKubernetesApi();
        app.MapConsoleApi(options.AllowSignUp);
        app.MapAgentHub();
        app.MapReplicaEndpoints();
        app.MapDashboard();
        return app;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Applied migration {Version} to {Datastore}")]
    private static partial void LogMigrationApplied(ILogger logger, string version, string datastore);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Encrypted {Count} Secrets at rest with key {KeyId}")]
    private static partial void LogSecretsEncrypted(ILogger logger, int count, string keyId);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "A Secret cannot be decrypted in workspace {Problem}")]
    private static partial void LogSecretUnreadable(ILogger logger, string problem);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "The user {Admin} exists already: the admin password given to this start is ignored (a restart never changes it)")]
    private static partial void LogAdminPasswordIgnored(ILogger logger, string admin);
}
