using System.Security.Claims;
using Berth.Api.Audit;
using Berth.Engine.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Users;

/// <summary>
/// Cookie sign-in, for the dashboard and for console calls from a browser: the cookie names the
/// user and their security stamp, which Identity changes on a password change or reset, so such a
/// change signs every session out at its next request. The cookie is HttpOnly and SameSite=Strict
/// (a page on another site cannot make the browser send it, so a form elsewhere cannot act as the
/// user), and Secure whenever the request came over TLS. The Kubernetes API never reads it: kubectl
/// uses tokens, and a cookie there would let other sites' pages act on workspaces.
/// </summary>
internal static class CookieSessions
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "berth_session";
    public const string StampClaim = "berth:stamp";

    /// <summary>How long a session lasts without use; each use within it extends it (sliding).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddCookieSessions(this IServiceCollection services, DatastoreConfig datastore)
    {
        services.AddSingleton(sp => new DatabaseKeyRing(datastore, sp.GetRequiredService<TimeProvider>()));
        services.AddDataProtection().SetApplicationName("berth");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseKeyRing>((options, keys) => options.XmlRepository = keys);
        services.AddAuthentication(Scheme).AddCookie(Scheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = IdleLifetime;
            options.SlidingExpiration = true;
            options.LoginPath = "/sign-in";
            options.AccessDeniedPath = "/";
            options.ReturnUrlParameter = "returnUrl";
            options.Events.OnValidatePrincipal = ValidateAsync;
            // APIs answer 401/403 themselves; only pages are sent to the sign-in form.
            options.Events.OnRedirectToLogin = context => IsApi(context.Request) ? Status(context, StatusCodes.Status401Unauthorized) : Redirect(context);
            options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request) ? Status(context, StatusCodes.Status403Forbidden) : Redirect(context);
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Checks the password (and code), counting failures toward lockout, and on success issues the cookie.</summary>
    public static async Task<PasswordCheck> SignInAsync(HttpContext http, string login, string password, string? code)
    {
        AuditSubject.Note(http, login, null); // the attempted login, so a failed sign-in is recorded too
        var check = await http.RequestServices.GetRequiredService<PasswordSignIn>().CheckAsync(login, password, code);
        if (check.Outcome == PasswordCheckOutcome.Succeeded)
        {
            var user = check.User!;
            AuditSubject.Note(http, user.UserName!, null);
            await http.SignInAsync(Scheme, Principal(user), new AuthenticationProperties { IsPersistent = true });
        }

        return check;
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>
    /// Issues this browser a fresh cookie for <paramref name="user"/>'s current security stamp,
    /// after a change of theirs that renewed it (a new password, two-factor on or off) and so ended
    /// every session: the one that made the change, proven by it, goes on; the others stay ended.
    /// </summary>
    public static Task RenewAsync(HttpContext http, BerthUser user) =>
        http.SignInAsync(Scheme, Principal(user), new AuthenticationProperties { IsPersistent = true });

    /// <summary>The user a cookie names, if it still opens a session (the user exists and the stamp is current).</summary>
    public static async Task<BerthUser?> UserOfAsync(ClaimsPrincipal principal, UserManager<BerthUser> users)
    {
        if (principal.Identity?.AuthenticationType != Scheme || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        var user = await users.FindByIdAsync(id);
        return user is not null && user.SecurityStamp == principal.FindFirstValue(StampClaim) && !await users.IsLockedOutAsync(user) ? user : null;
    }

    /// <summary>The principal a session cookie carries for <paramref name="user"/> (internal: host tests act as a signed-in browser with it).</summary>
    internal static ClaimsPrincipal Principal(BerthUser user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id),
        new Claim(ClaimTypes.Name, user.UserName!),
        new Claim(StampClaim, user.SecurityStamp ?? ""),
    ], Scheme, ClaimTypes.Name, ClaimTypes.Role));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<BerthUser>>();
        if (context.Principal is null || await UserOfAsync(context.Principal, users) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/console") || request.Path.StartsWithSegments("/k8s") || request.Path.StartsWithSegments("/agent");

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
