using Berth.Api.Tenancy;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Console;

/// <summary>
/// Why <see cref="TokenGrants"/> refuses a new token: what kind of refusal, the field it concerns
/// (for a value that breaks a rule) and the message. Each caller answers it in its own dialect:
/// the console as problem details, the dashboard in a sentence.
/// </summary>
internal sealed record TokenRefusal(TenancyError Error, string Message, string? Field = null)
{
    public static TokenRefusal Invalid(string field, string message) => new(TenancyError.Invalid, message, field);

    public IResult ToProblem() => Error switch
    {
        TenancyError.NotFound => Problems.NotFound(Message),
        TenancyError.Forbidden => Problems.Forbidden(Message),
        TenancyError.Conflict => Problems.Conflict(Message),
        _ => Problems.Invalid(Field ?? "", Message),
    };

    /// <summary>For a page: "The name is required, …." for a field, else the message as it is.</summary>
    public string Sentence => Field is null ? Message : $"The {Field} {Message}.";
}
