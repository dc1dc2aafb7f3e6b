using Berth.Api.Tests.Support;
using Berth.Api.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Users;

/// <summary>Passwords, lockout and two-factor through the server's own Identity services, on its real datastore.</summary>
public sealed class PasswordSignInTests(SqliteServer server) : IClassFixture<SqliteServer>, IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private AsyncServiceScope scope;

    private UserManager<BerthUser> Users => scope.ServiceProvider.GetRequiredService<UserManager<BerthUser>>();

    private PasswordSignIn SignIn => scope.ServiceProvider.GetRequiredService<PasswordSignIn>();

    public Task InitializeAsync()
    {
        scope = server.Server.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    [Fact]
    public async Task A_short_password_is_refused_and_a_long_one_needs_no_symbols()
    {
        var users = Users;

        var tooShort = await users.CreateAsync(new BerthUser { UserName = "carol" }, "Sh0rt!pass");
        Assert.Contains(tooShort.Errors, e => e.Code == "PasswordTooShort");
        var monotone = await users.CreateAsync(new BerthUser { UserName = "carol" }, "aaaaaaaaaaaaaaaa");
        Assert.Contains(monotone.Errors, e => e.Code == "PasswordRequiresUniqueChars");
        Assert.True((await users.CreateAsync(new BerthUser { UserName = "carol" }, Password)).Succeeded);
    }

    [Fact]
    public async Task User_names_are_lower_case_and_an_email_names_one_user()
    {
        var users = Users;

        Assert.Contains((await users.CreateAsync(new BerthUser { UserName = "Alice" }, Password)).Errors, e => e.Code == "InvalidUserName");
        Assert.True((await users.CreateAsync(new BerthUser { UserName = "alice", Email = "a@example.test" }, Password)).Succeeded);
        Assert.Contains((await users.CreateAsync(new BerthUser { UserName = "alicia", Email = "A@example.test" }, Password)).Errors, e => e.Code == "DuplicateEmail");
        Assert.True((await users.CreateAsync(new BerthUser { UserName = "bob" }, Password)).Succeeded); // no email at all is fine
    }

    [Fact]
    public async Task Lockout_engages_after_the_fifth_wrong_password_and_then_refuses_the_right_one()
    {
        var (users, signIn) = (Users, SignIn);
        await users.CreateAsync(new BerthUser { UserName = "dave", Email = "dave@example.test" }, Password);

        for (var attempt = 1; attempt < UserRules.MaxFailedAttempts; attempt++)
        {
            Assert.Equal(PasswordCheckOutcome.Failed, (await signIn.CheckAsync("dave", "wrong password " + attempt, null)).Outcome);
        }

        var last = await signIn.CheckAsync("dave@example.test", "wrong again", null);
        Assert.Equal(PasswordCheckOutcome.LockedOut, last.Outcome);
        Assert.InRange(last.LockedUntil!.Value, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
        Assert.Equal(PasswordCheckOutcome.LockedOut, (await signIn.CheckAsync("dave", Password, null)).Outcome);
    }

    [Fact]
    public async Task A_right_password_clears_the_failures_so_far()
    {
        var (users, signIn) = (Users, SignIn);
        await users.CreateAsync(new BerthUser { UserName = "erin" }, Password);

        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 1; attempt < UserRules.MaxFailedAttempts; attempt++)
            {
                Assert.Equal(PasswordCheckOutcome.Failed, (await signIn.CheckAsync("erin", "nope", null)).Outcome);
            }

            Assert.Equal(PasswordCheckOutcome.Succeeded, (await signIn.CheckAsync("erin", Password, null)).Outcome);
        }

        Assert.Equal(PasswordCheckOutcome.Failed, (await signIn.CheckAsync("nobody", Password, null)).Outcome);
    }

    [Fact]
    public async Task With_two_factor_on_the_password_alone_is_not_enough_and_the_authenticator_code_is()
    {
        var (users, signIn) = (Users, SignIn);
        var frank = new BerthUser { UserName = "frank" };
        await users.CreateAsync(frank, Password);
        await users.ResetAuthenticatorKeyAsync(frank);
        var key = await users.GetAuthenticatorKeyAsync(frank);
        await users.SetTwoFactorEnabledAsync(frank, true);

        Assert.Equal(PasswordCheckOutcome.TwoFactorRequired, (await signIn.CheckAsync("frank", Password, null)).Outcome);
        Assert.Equal(PasswordCheckOutcome.Failed, (await signIn.CheckAsync("frank", "wrong password!!", Totp.Code(key!, DateTimeOffset.UtcNow))).Outcome);
        var wrongCode = (int.Parse(Totp.Code(key!, DateTimeOffset.UtcNow)) + 1) % 1_000_000;
        Assert.Equal(PasswordCheckOutcome.Failed, (await signIn.CheckAsync("frank", Password, wrongCode.ToString("D6"))).Outcome);
        var success = await signIn.CheckAsync("frank", Password, Totp.Code(key!, DateTimeOffset.UtcNow));
        Assert.Equal(PasswordCheckOutcome.Succeeded, success.Outcome);
        Assert.Equal(frank.Id, success.User!.Id);
    }
}
