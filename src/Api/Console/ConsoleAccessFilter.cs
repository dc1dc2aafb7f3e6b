using Berth.Api.Audit;
using Berth.Api.Authentication;
using Berth.Api.Users;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Console;

/// <summary>
/// Guards the console routes that act as a user: an API token (the same ones kubectl uses) must
/// come as a bearer token, or a browser must have signed in for a session cookie (see
/// <see cref="CookieSessions"/>); otherwise the answer is 401. A read-only token may only read (GET).
/// </summary>
internal sealed class ConsoleAccessFilter(ICallerAuthenticator authenticator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var token = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        var users = context.RequestServices.GetRequiredService<UserManager<BerthUser>>();
        var caller = token.Length == 0 ? null : await authenticator.AuthenticateAsync(token, context.RequestAborted);
        var user = caller is null ? null : await users.FindByNameAsync(caller.User);
        if (header.Length == 0 && await CookieSessions.UserOfAsync(context.User, users) is { } signedIn)
        {
            // A browser's session cookie acts as the user in every workspace of theirs, like an unscoped token.
            user = signedIn;
            caller = new Caller(signedIn.UserName!, Workspace: null);
        }

        if (caller is null || user is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("a live API token is needed, as 'Authorization: Bearer <token>', or a session cookie");
        }

        AuditSubject.Note(context, caller.User, caller.TokenId);
        if (caller.ReadOnly && !HttpMethods.IsGet(context.Request.Method))
        {
            return Problems.Forbidden("the token is read-only");
        }

        new ConsoleCaller(user, caller).AttachTo(context);
        return await next(invocation);
    }
}
