using Berth.Api.Authentication;
using Berth.Api.Users;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Console;

/// <summary>Who calls the console API: the user, and the token they came with (its scope and read-only flag bind here too).</summary>
internal sealed record ConsoleCaller(BerthUser User, Caller Token)
{
    private const string Key = "berth.console.caller";

    public static ConsoleCaller Of(HttpContext context) => (ConsoleCaller)context.Items[Key]!;

    public void AttachTo(HttpContext context) => context.Items[Key] = this;
}
