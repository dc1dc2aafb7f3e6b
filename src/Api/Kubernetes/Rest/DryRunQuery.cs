using Berth.Engine.Resources.DryRun;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>The <c>?dryRun=All</c> of a create, update or patch (kubectl's <c>--dry-run=server</c>).</summary>
internal static class DryRunQuery
{
    /// <summary>True for a dry run; 422 in the words of <paramref name="optionsKind"/> for a value Kubernetes does not know.</summary>
    public static bool IsSet(HttpRequest request, string optionsKind) =>
        DryRunOption.Parse(request.Query["dryRun"].OfType<string>().ToList(), optionsKind);
}
