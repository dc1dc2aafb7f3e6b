using Berth.Api.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Dashboard;

/// <summary>
/// A dashboard circuit outlives the request that opened it, so its user is checked again every
/// minute against the cookie's rules (the user exists, is not locked out, and has the same
/// security stamp): a password change or a removed account ends open dashboards too.
/// </summary>
internal sealed class DashboardAuthenticationState(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BerthUser>>();
        return await CookieSessions.UserOfAsync(authenticationState.User, users) is not null;
    }
}
