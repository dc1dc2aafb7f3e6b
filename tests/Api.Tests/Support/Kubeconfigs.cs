using System.Text.RegularExpressions;

namespace Berth.Api.Tests.Support;

/// <summary>Kubeconfigs for any token and workspace, made from the one the server wrote (its CA and address).</summary>
internal static partial class Kubeconfigs
{
    public static async Task<string> WriteAsync(BerthServer server, string directory, string name, string workspace, string token)
    {
        var admin = await File.ReadAllTextAsync(server.KubeconfigPath);
        var text = TokenLine().Replace(admin, "    token: " + token).Replace("/k8s/default", "/k8s/" + workspace);
        var path = Path.Combine(directory, name + ".yaml");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [GeneratedRegex(@"^\s*token:\s*\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();
}
