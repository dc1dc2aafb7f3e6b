using System.Text;

namespace Berth.Agents.Pods;

/// <summary>
/// Kubernetes' <c>$(VAR)</c> references in env values, command and args: a defined variable is
/// replaced by its value, an undefined one is left as written, and <c>$$</c> is a literal <c>$</c>
/// (so <c>$$(VAR)</c> stays <c>$(VAR)</c>).
/// </summary>
public static class VariableExpansion
{
    public static string Expand(string input, IReadOnlyDictionary<string, string> variables)
    {
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var output = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '$' && i + 1 < input.Length)
            {
                if (input[i + 1] == '$')
                {
                    output.Append('$');
                    i++;
                    continue;
                }

                var close = input[i + 1] == '(' ? input.IndexOf(')', i + 2) : -1;
                if (close > 0)
                {
                    var name = input[(i + 2)..close];
                    output.Append(variables.TryGetValue(name, out var value) ? value : $"$({name})");
                    i = close;
                    continue;
                }
            }

            output.Append(input[i]);
        }

        return output.ToString();
    }
}
