namespace Berth.Engine.Resources.Validation;

/// <summary>The sentence shapes of apimachinery's <c>util/validation</c>, word for word (the double space in <c>",  or"</c> included).</summary>
public static class ValidationMessages
{
    public const string NonNegative = "must be greater than or equal to 0";

    public const string Immutable = "field is immutable";

    public static string MaxLength(int length) => $"must be no more than {length} characters";

    public static string InclusiveRange(long low, long high) => $"must be between {low} and {high}, inclusive";

    public static string Empty => "must be non-empty";

    /// <summary>apimachinery's <c>RegexError</c>: the rule, examples, and the regex itself.</summary>
    public static string Regex(string message, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + format + "')";
        }

        return message + " (e.g. " + string.Join(" or ", examples.Select(e => "'" + e + "', ")) + "regex used for validation is '" + format + "')";
    }
}
