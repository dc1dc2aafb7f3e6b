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
            var options = new ListOptions
            {
                Labels = LabelSelector.Parse(query["labelSelector"]),
                Fields = FieldSelector.Parse(query["fieldSelector"], type),
                Limit = Integer(query, "limit") is { } limit ? (int)Math.Min(limit, int.MaxValue) : 0,
                Continue = query["continue"] is { Count: > 0 } token && token[0]!.Length > 0 ? token[0] : null,
                ResourceVersion = Integer(query, "resourceVersion"),
            };
            var timeout = Integer(query, "timeoutSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return new ListQuery(options, Flag(query, "watch"), timeout, Flag(query, "allowWatchBookmarks"));
        }
        catch (FormatException e)
        {
            throw ResourceException.BadRequest(e.Message);
        }
    }

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
