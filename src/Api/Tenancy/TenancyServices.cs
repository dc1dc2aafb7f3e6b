using Berth.Api.Users;
using Berth.Engine.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tenancy;

/// <summary>Registers users (ASP.NET Core Identity on <see cref="TenancyDb"/>) on the server's datastore.</summary>
internal static class TenancyServices
{
    public static IServiceCollection AddTenancy(this IServiceCollection services, DatastoreConfig datastore)
    {
        services.AddDbContextPool<TenancyDb>(options => TenancyDatabase.Configure(options, datastore));
        services.AddIdentityCore<BerthUser>(UserRules.Apply)
            .AddEntityFrameworkStores<TenancyDb>()
            .AddUserValidator<UniqueEmailWhenGiven>()
            // Only the authenticator (TOTP) provider: the others need email or SMS delivery, or
            // data-protection keys shared between replicas, none of which Berth has yet.
            .AddTokenProvider<AuthenticatorTokenProvider<BerthUser>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddScoped<PasswordSignIn>();
        return services;
    }
}
