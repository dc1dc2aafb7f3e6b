using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Users;

/// <summary>
/// An email, when a user has one, belongs to nobody else: members are invited by name or email,
/// so one email must name one person. Identity can only demand an email of everyone
/// (<c>RequireUniqueEmail</c>), and the bootstrap admin has none.
/// </summary>
internal sealed class UniqueEmailWhenGiven : IUserValidator<BerthUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<BerthUser> manager, BerthUser user)
    {
        var email = await manager.GetEmailAsync(user);
        if (string.IsNullOrEmpty(email))
        {
            return IdentityResult.Success;
        }

        var owner = await manager.FindByEmailAsync(email);
        return owner is null || owner.Id == user.Id
            ? IdentityResult.Success
            : IdentityResult.Failed(manager.ErrorDescriber.DuplicateEmail(email));
    }
}
