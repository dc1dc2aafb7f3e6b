using Berth.Api.Users;
using Berth.Engine.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tenancy;

/// <summary>Registers users (ASP.NET Core Identity on <see cref="TenancyDb"/>), workspaces and members on the server's datastore.</summary>
internal static class TenancyServices
{
    public static IServiceCollection AddTenancy(this IServiceCollection services, DatastoreConfig datastore, TimeSpan deletedWorkspaceRetention)
    {
        // A pooled factory for singletons (the per-request role lookup), and a context per request from it for the rest.
        services.AddPooledDbContextFactory<TenancyDb>(options => TenancyDatabase.Configure(options, datastore));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TenancyDb>>().CreateDbContext());
        services.AddIdentityCore<BerthUser>(UserRules.Apply)
            .AddEntityFrameworkStores<TenancyDb>()
            .AddUserValidator<UniqueEmailWhenGiven>()
            // Only the authenticator (TOTP) provider: the others need email or SMS delivery, or
            // data-protection keys shared between replicas, none of which Berth has yet.
            .AddTokenProvider<AuthenticatorTokenProvider<BerthUser>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<TwoFactorSetup>();
        services.AddScoped<WorkspaceCatalog>();
        services.AddScoped<MemberRoster>();
        services.AddScoped<WorkspaceChanges>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<WorkspacePurger>(sp, deletedWorkspaceRetention));
        services.AddHostedService(sp => sp.GetRequiredService<WorkspacePurger>());
        services.AddSingleton<RoleCache>();
        services.AddSingleton<RoleLookup>();
        return services;
    }
}
