using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// Who a write is recorded as in managedFields: the request's <c>fieldManager</c> (kubectl sends
/// <c>kubectl-client-side-apply</c>, <c>kubectl-edit</c>, …), else the User-Agent up to its first
/// <c>/</c> (<c>kubectl/v1.32.0 (linux/amd64) …</c> is <c>kubectl</c>), as Kubernetes names them.
/// </summary>
internal static class FieldManagers
{
    private const int MaxLength = 128;

    public static string Of(HttpRequest request, string optionsKind)
    {
        var given = request.Query["fieldManager"].ToString();
        if (given.Length > 0)
        {
            return given.Length <= MaxLength && given.All(c => !char.IsControl(c))
                ? given
                : throw new ResourceException(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: \"{Shorten(given)}\": must be no more than {MaxLength} printable characters")
                {
                    Group = "meta.k8s.io",
                    Kind = optionsKind,
                    Causes = [new FieldCause("FieldValueInvalid", "fieldManager", $"must be no more than {MaxLength} printable characters")],
                };
        }

        var agent = request.Headers.UserAgent.ToString().Split('/')[0];
        var printable = new string([.. agent.Where(c => !char.IsControl(c)).Take(MaxLength)]);
        return printable.Length > 0 ? printable : "unknown";
    }

    private static string Shorten(string text) => text.Length <= MaxLength ? text : text[..MaxLength] + "…";
}
