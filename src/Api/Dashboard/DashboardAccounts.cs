using Berth.Api.Users;
using Berth.Web.Services;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Dashboard;

/// <summary>The dashboard's sign-in form, through the one cookie sign-in the console API uses too.</summary>
internal sealed class DashboardAccounts : IDashboardAccounts
{
    public async Task<SignInAttempt> SignInAsync(HttpContext http, string login, string password, string? code)
    {
        var check = await CookieSessions.SignInAsync(http, login, password, string.IsNullOrWhiteSpace(code) ? null : code);
        return check.Outcome switch
        {
            PasswordCheckOutcome.Succeeded => new SignInAttempt(SignInOutcome.SignedIn),
            PasswordCheckOutcome.TwoFactorRequired => new SignInAttempt(SignInOutcome.TwoFactorRequired),
            PasswordCheckOutcome.LockedOut => new SignInAttempt(SignInOutcome.LockedOut, check.LockedUntil),
            _ => new SignInAttempt(SignInOutcome.Failed),
        };
    }

    public Task SignOutAsync(HttpContext http) => CookieSessions.SignOutAsync(http);
}
