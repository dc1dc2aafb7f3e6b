using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Apply;

/// <summary>What an apply body must say before anything is merged: its kind, and the object the URL names.</summary>
public static class ApplyRequests
{
    public static void Check(ResourceType type, string? @namespace, string name, JsonObject applied)
    {
        if (ObjectJson.String(applied, "apiVersion") is not { } apiVersion || ObjectJson.String(applied, "kind") is not { } kind)
        {
            throw ResourceException.BadRequest("apiVersion and kind must be set in an apply patch");
        }

        if (apiVersion != type.ApiVersion || kind != type.Kind)
        {
            throw ResourceException.BadRequest($"the apply patch is a {kind} of {apiVersion}, not a {type.Kind} of {type.ApiVersion} as the URL names");
        }

        var metadata = applied["metadata"] as JsonObject;
        if (metadata is not null && ObjectJson.String(metadata, "name") is { } bodyName && bodyName != name)
        {
            throw ResourceException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (metadata is not null && @namespace is not null && ObjectJson.String(metadata, "namespace") is { } bodyNamespace && bodyNamespace != @namespace)
        {
            throw ResourceException.BadRequest($"the namespace of the object ({bodyNamespace}) does not match the namespace on the URL ({@namespace})");
        }

        if (metadata?["managedFields"] is not null)
        {
            throw ResourceException.BadRequest("metadata.managedFields must be nil in an apply patch");
        }
    }
}
