using Berth.Api.Users;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Store;
using Berth.Web;
using Berth.Web.Live;
using Berth.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Radzen;

namespace Berth.Api.Dashboard;

/// <summary>
/// Serves the Blazor dashboard (<c>src/Web</c>) at <c>/</c>: pages render on the server and stay
/// live over a circuit; they read the watch cache through shared informers of their own and ask
/// <see cref="DashboardDirectory"/> what the user may see and do.
/// </summary>
internal static class DashboardHosting
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, DatastoreConfig datastore, bool allowSignUp)
    {
        services.AddCookieSessions(datastore);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, DashboardAuthenticationState>();
        services.AddSingleton(new DashboardOptions(allowSignUp));
        services.AddScoped<IDashboardAccounts, DashboardAccounts>();
        services.AddScoped<IDashboardDirectory, DashboardDirectory>();
        services.AddSingleton<DashboardRights>();
        services.AddScoped<ManifestApplier>();
        services.AddScoped<ObjectReplacer>();
        services.AddScoped<DashboardHistory>();
        services.AddScoped<IDashboardObjects, DashboardObjects>();
        services.AddScoped<IDashboardLogs, DashboardLogs>();
        services.AddScoped<IDashboardTeam, DashboardTeam>();
        services.AddScoped<IDashboardNodes, DashboardNodes>();
        services.AddScoped<IDashboardSecrets, DashboardSecrets>();
        services.AddScoped<IDashboardDeployments, DashboardDeployments>();
        // The dashboard's own informers: the controllers' run only on the leader, pages on every replica.
        services.AddSingleton(sp => new SharedInformersAccess(
            new SharedInformers(sp.GetRequiredService<IRevisionStore>(), sp.GetRequiredService<ResourceRegistry>(), new InformerOptions(),
                sp.GetRequiredService<ILoggerFactory>()),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Session cookies, page authorization and form antiforgery: before any endpoint runs, so console routes see the cookie too.</summary>
    public static WebApplication UseDashboardSessions(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        // The manifest the build writes beside the berth program; a host that is not berth (the
        // in-process test host) has none, and serves the pages without their files.
        var assets = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        if (File.Exists(assets))
        {
            app.MapStaticAssets(assets);
        }

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
