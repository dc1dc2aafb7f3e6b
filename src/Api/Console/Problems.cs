using Berth.Api.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Console;

/// <summary>
/// The console API's errors, as RFC 7807 problem details (<c>application/problem+json</c>), the
/// way the Kubernetes API's are <c>Status</c> objects: a status, a title, a detail a person can act
/// on, and for invalid input the fields at fault under <c>errors</c>.
/// </summary>
internal static class Problems
{
    public static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Forbidden(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static IResult Conflict(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static IResult Unauthorized(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", extensions: extensions);

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request");

    public static IResult From(TenancyException e) => e.Error switch
    {
        TenancyError.NotFound => NotFound(e.Message),
        TenancyError.Forbidden => Forbidden(e.Message),
        TenancyError.Conflict => Conflict(e.Message),
        _ => Invalid(e.Field ?? "", e.Message),
    };

    /// <summary>Identity's refusals (weak password, taken name…), each under the field it concerns.</summary>
    public static IResult From(IdentityResult result, string passwordField = "password") =>
        Results.ValidationProblem(
            result.Errors.GroupBy(e => FieldOf(e.Code, passwordField)).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()),
            title: "Invalid request");

    private static string FieldOf(string code, string passwordField) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        _ when code.Contains("Email", StringComparison.Ordinal) => "email",
        _ when code.Contains("UserName", StringComparison.Ordinal) => "userName",
        _ => "",
    };
}
