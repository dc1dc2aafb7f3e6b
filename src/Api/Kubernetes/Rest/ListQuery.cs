using System.Globalization;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Selectors;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>The query parameters of a list or watch: selectors, paging, resourceVersion, and how to watch.</summary>
internal sealed record ListQuery(ListOptions Options, bool Watch, TimeSpan? Timeout, bool AllowBookmarks)
{
    /// <summary>Parses the query; throws <see cref="ResourceException"/> (400) saying which parameter is wrong.</summary>
    public static ListQuery Parse(IQueryCollection query, ResourceType type)
    {
        try
        {
            var watch = Flag(query, "watch");
            var options = new ListOptions
            {
                Labels = LabelSelector.Parse(query["labelSelector"]),
                Fields = FieldSelector.Parse(query["fieldSelector"], type),
                Limit = Integer(query, "limit") is { } limit ? (int)Math.Min(limit, int.MaxValue) : 0,
                Continue = query["continue"] is { Count: > 0 } token && token[0]!.Length > 0 ? token[0] : null,
                ResourceVersion = Integer(query, "resourceVersion"),
            };
            options = options with { Match = VersionMatch(query["resourceVersionMatch"].ToString(), options, watch) };
            var timeout = Integer(query, "timeoutSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return new ListQuery(options, watch, timeout, Flag(query, "allowWatchBookmarks"));
        }
        catch (FormatException e)
        {
            throw ResourceException.BadRequest(e.Message);
        }
    }

    /// <summary>
    /// resourceVersionMatch, checked as Kubernetes' ValidateListOptions does. Unset, a list with a
    /// limit reads at exactly its resourceVersion and one without reads at least that new.
    /// </summary>
    private static ResourceVersionMatch VersionMatch(string text, ListOptions options, bool watch)
    {
        if (text.Length == 0)
        {
            return options.Limit > 0 ? ResourceVersionMatch.Exact : ResourceVersionMatch.NotOlderThan;
        }

        var forbidden = (watch, options.ResourceVersion, options.Continue) switch
        {
            (true, _, _) => "resourceVersionMatch is forbidden for watch",
            (_, null, _) => "resourceVersionMatch is forbidden unless resourceVersion is provided",
            (_, _, not null) => "resourceVersionMatch is forbidden when continue is provided",
            (_, 0, _) when text == "Exact" => "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
            _ => null,
        };
        if (forbidden is not null)
        {
            throw InvalidListOptions("FieldValueForbidden", $"Forbidden: {forbidden}");
        }

        return text switch
        {
            "Exact" => ResourceVersionMatch.Exact,
            "NotOlderThan" => ResourceVersionMatch.NotOlderThan,
            _ => throw InvalidListOptions("FieldValueNotSupported", $"Unsupported value: \"{text}\": supported values: \"Exact\", \"NotOlderThan\""),
        };
    }

    private static ResourceException InvalidListOptions(string reason, string message) =>
        new(422, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: {message}")
        {
            Group = "meta.k8s.io",
            Kind = "ListOptions",
            Name = "",
            Causes = [new FieldCause(reason, "resourceVersionMatch", message)],
        };

    private static long? Integer(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"invalid value for {name}: \"{text}\" is not a non-negative integer");
    }

    private static bool Flag(IQueryCollection query, string name) => query[name].ToString() is "1" or "true";
}
