using System.Globalization;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Agents;

/// <summary>The query of <c>GET …/pods/{name}/log</c>, read as kube-apiserver reads PodLogOptions; a bad value is a 400.</summary>
internal sealed record PodLogQuery(string? Container, bool Follow, bool Previous, bool Timestamps, int? TailLines, DateTimeOffset? Since, long? LimitBytes)
{
    public static PodLogQuery Parse(IQueryCollection query, DateTimeOffset now)
    {
        var sinceSeconds = Number(query, "sinceSeconds", minimum: 1);
        var sinceTime = query["sinceTime"].ToString() is { Length: > 0 } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : throw ResourceException.BadRequest($"sinceTime: invalid time {text}")
            : (DateTimeOffset?)null;
        if (sinceSeconds is not null && sinceTime is not null)
        {
            throw ResourceException.BadRequest("at most one of sinceTime or sinceSeconds may be specified");
        }

        return new PodLogQuery(
            query["container"].ToString() is { Length: > 0 } container ? container : null,
            Flag(query, "follow"),
            Flag(query, "previous"),
            Flag(query, "timestamps"),
            (int?)Number(query, "tailLines", minimum: 0),
            sinceTime ?? (sinceSeconds is { } seconds ? now.AddSeconds(-seconds) : null),
            Number(query, "limitBytes", minimum: 1));
    }

    /// <summary>The query that <see cref="Parse"/> reads back as this one (a since as <c>sinceTime</c>, so it means the same moment later).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("container", Container);
        Add("follow", Follow ? "true" : null);
        Add("previous", Previous ? "true" : null);
        Add("timestamps", Timestamps ? "true" : null);
        Add("tailLines", TailLines?.ToString(CultureInfo.InvariantCulture));
        Add("sinceTime", Since?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("limitBytes", LimitBytes?.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } text && (text == "1" || bool.TryParse(text, out var value) && value);

    private static long? Number(IQueryCollection query, string name, long minimum)
    {
        if (query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        return long.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= int.MaxValue
            ? value
            : throw ResourceException.BadRequest($"{name}: must be a whole number of at least {minimum}, not {text}");
    }
}
