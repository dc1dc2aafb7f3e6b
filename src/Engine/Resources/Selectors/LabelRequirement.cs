using System.Text.RegularExpressions;

namespace Berth.Engine.Resources.Selectors;

public enum LabelOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// <summary>One requirement of a <see cref="LabelSelector"/>, such as <c>env in (prod,staging)</c>.</summary>
public sealed partial record LabelRequirement(string Key, LabelOperator Operator, IReadOnlySet<string> Values)
{
    public static LabelRequirement Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new FormatException("found '', expected: identifier");
        }

        if (trimmed.StartsWith('!'))
        {
            return new(CheckKey(trimmed[1..].Trim()), LabelOperator.DoesNotExist, Empty);
        }

        var set = SetForm().Match(trimmed);
        if (set.Success)
        {
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries)
                .Where(v => v.Length > 0).Select(CheckValue).ToHashSet(StringComparer.Ordinal);
            var op = set.Groups["op"].Value == "in" ? LabelOperator.In : LabelOperator.NotIn;
            return new(CheckKey(set.Groups["key"].Value), op, values);
        }

        foreach (var (symbol, op) in Operators)
        {
            var at = trimmed.IndexOf(symbol, StringComparison.Ordinal);
            if (at >= 0)
            {
                var value = CheckValue(trimmed[(at + symbol.Length)..].Trim());
                return new(CheckKey(trimmed[..at].Trim()), op, new HashSet<string>(StringComparer.Ordinal) { value });
            }
        }

        return new(CheckKey(trimmed), LabelOperator.Exists, Empty);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            LabelOperator.Equals or LabelOperator.In => has && Values.Contains(value!),
            _ => !has || !Values.Contains(value!), // NotEquals, NotIn
        };
    }

    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    // Longest symbols first, so "==" is not read as "=" followed by "=value".
    private static readonly (string Symbol, LabelOperator Op)[] Operators =
        [("==", LabelOperator.Equals), ("!=", LabelOperator.NotEquals), ("=", LabelOperator.Equals)];

    private static string CheckKey(string key)
    {
        if (!KeyForm().IsMatch(key))
        {
            throw new FormatException($"invalid label key \"{key}\": a label key is an optional DNS subdomain prefix and '/', then a name of at most 63 alphanumeric characters, '-', '_' or '.', starting and ending alphanumeric");
        }

        return key;
    }

    private static string CheckValue(string value)
    {
        if (value.Length > 63 || !ValueForm().IsMatch(value))
        {
            throw new FormatException($"invalid label value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }

        return value;
    }

    [GeneratedRegex(@"^(?<key>[^\s!=()]+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetForm();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex KeyForm();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex ValueForm();
}
