using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Bench.Api;

/// <summary>What kubectl takes from the kubeconfig berth server writes: the server URL, its CA and the admin token.</summary>
internal sealed partial record Kubeconfig(Uri Server, X509Certificate2 Authority, string Token)
{
    public static Kubeconfig Load(string path)
    {
        var text = File.ReadAllText(path);
        string Field(Regex regex) => regex.Match(text) is { Success: true } m ? m.Groups[1].Value : throw new FormatException($"{path}: no {regex}");
        var pem = Encoding.ASCII.GetString(Convert.FromBase64String(Field(AuthorityLine())));
        return new Kubeconfig(new Uri(Field(ServerLine())), X509Certificate2.CreateFromPem(pem), Field(TokenLine()));
    }

    [GeneratedRegex(@"^\s*server:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ServerLine();

    [GeneratedRegex(@"^\s*certificate-authority-data:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AuthorityLine();

    [GeneratedRegex(@"^\s*token:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();
}
