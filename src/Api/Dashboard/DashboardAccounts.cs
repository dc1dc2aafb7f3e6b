using Berth.Api.Audit;
using Berth.Api.Users;
using Berth.Web.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Dashboard;

/// <summary>
/// The dashboard's sign-in and sign-up forms, through the one cookie sign-in the console API uses
/// too, and the same account rules (Identity's password and user name checks) as its sign-up.
/// </summary>
internal sealed class DashboardAccounts(UserManager<BerthUser> users, DashboardOptions options, AuditLog audit, TimeProvider time) : IDashboardAccounts
{
    public bool SignUpAllowed => options.AllowSignUp;

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

    public async Task<SignUpResult> SignUpAsync(HttpContext http, string userName, string? email, string password)
    {
        if (!options.AllowSignUp)
        {
            return Refused("", "Sign-up is turned off on this server: ask an operator for an account.");
        }

        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return Refused(string.IsNullOrWhiteSpace(userName) ? "userName" : "password", "is required");
        }

        var user = new BerthUser { UserName = userName.Trim(), Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(), CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        await audit.AppendAsync(new AuditEvent(time.GetUtcNow(), user.UserName, null, null, "post", null, "/sign-up", null, null, null,
            created.Succeeded ? StatusCodes.Status201Created : StatusCodes.Status400BadRequest, "dashboard"));
        if (!created.Succeeded)
        {
            return new SignUpResult(created.Errors.GroupBy(e => FieldOf(e.Code)).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }

        await CookieSessions.SignInAsync(http, user.UserName, password, null);
        return new SignUpResult(new Dictionary<string, string[]>());
    }

    private static SignUpResult Refused(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    // Identity's error codes name what they concern: PasswordTooShort, DuplicateEmail, InvalidUserName…
    private static string FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "password",
        _ when code.Contains("Email", StringComparison.Ordinal) => "email",
        _ when code.Contains("UserName", StringComparison.Ordinal) => "userName",
        _ => "",
    };
}
