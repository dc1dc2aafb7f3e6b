using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Patching;
using Berth.Engine.Resources.Schemas;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// Server-side field validation, as Kubernetes does it for create, update and patch: the body is
/// checked against the kind's schema (<see cref="StrictDecoder"/>), and the <c>fieldValidation</c>
/// query parameter decides what unknown and duplicate fields do. <c>Strict</c> (what kubectl
/// sends) refuses the request, <c>Warn</c> (the default) accepts it with a <c>Warning</c> header
/// per field, which kubectl prints, and <c>Ignore</c> accepts it silently. Accepted unknown fields
/// are stored as sent. A value of the wrong type is refused whatever the mode, as Kubernetes'
/// decoder cannot read it.
/// </summary>
internal static class FieldValidation
{
    private const string Strict = "Strict";
    private const string Warn = "Warn";
    private const string Ignore = "Ignore";

    // The patch goes back into the message as text: quotes as quotes, not \u0022.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Loads the schemas and decodes one body, at start, so that the first write a server takes does
    /// not pay for reading the schema files and compiling the decoder (a few hundred milliseconds).
    /// </summary>
    public static void Prepare()
    {
        var catalog = SchemaCatalog.BuiltIn;
        StrictDecoder.Check(catalog, catalog.RootOf(new GroupVersionKind("", "v1", "Pod"))!,
            """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}}}]}}"""u8);
    }

    /// <summary>The check of a create (<c>CreateOptions</c>) or update (<c>UpdateOptions</c>) body, for <see cref="RequestBodies"/>.</summary>
    public static RequestBodies.JsonBodyCheck? ForObject(HttpContext context, ResourceTarget target, string options)
    {
        if (target.Subresource == "scale" || SchemaCatalog.BuiltIn.RootOf(target.Type) is not { } root)
        {
            return null;
        }

        var directive = Directive(context, options);
        return (body, parsed) => Apply(context, directive, root, body, parsed, strategicPatch: false,
            message => ResourceException.BadRequest($"{target.Type.Kind} in version \"{target.Type.Version}\" cannot be handled as a {target.Type.Kind}: {message}"));
    }

    /// <summary>The check of a patch body. Kubernetes refuses a bad patch as an invalid <c>patch</c> field.</summary>
    public static RequestBodies.JsonBodyCheck? ForPatch(HttpContext context, ResourceTarget target, PatchType patchType)
    {
        if (target.Subresource == "scale" || SchemaCatalog.BuiltIn.RootOf(target.Type) is not { } root)
        {
            return null;
        }

        var directive = Directive(context, "PatchOptions");
        return (body, parsed) => Apply(context, directive, root, body, parsed, patchType == PatchType.Strategic,
            message => InvalidPatch(parsed, message));
    }

    private static JsonNode? Apply(HttpContext context, string directive, SchemaType root, ReadOnlySpan<byte> body, JsonNode? parsed,
        bool strategicPatch, Func<string, ResourceException> refuse)
    {
        if (parsed is not JsonObject)
        {
            return parsed; // not an object at all: the caller says so
        }

        var report = StrictDecoder.Check(SchemaCatalog.BuiltIn, root, body, strategicPatch);
        if (report.Error is not null)
        {
            throw refuse(report.Error);
        }

        if (report.StrictErrors.Count > 0)
        {
            switch (directive)
            {
                case Strict:
                    throw refuse(report.StrictMessage);
                case Warn:
                    foreach (var error in report.StrictErrors)
                    {
                        context.Response.Headers.Append("Warning", $"299 - {Quoted(error)}");
                    }

                    break;
            }
        }

        // Go's decoder keeps the last of a key given twice; JsonNode would fail on it later.
        return report.HasDuplicates ? LastValueWins.Parse(body) : parsed;
    }

    /// <summary>The directive of the request; empty means Warn, as in Kubernetes. Anything else is refused as Kubernetes refuses it.</summary>
    private static string Directive(HttpContext context, string options)
    {
        var value = context.Request.Query["fieldValidation"].ToString();
        if (value.Length == 0)
        {
            return Warn;
        }

        if (value is Strict or Warn or Ignore)
        {
            return value;
        }

        var cause = $"Unsupported value: \"{value}\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"";
        throw new ResourceException(422, "Invalid", $"{options}.meta.k8s.io \"\" is invalid: fieldValidation: {cause}")
        {
            Group = "meta.k8s.io",
            Kind = options,
            Causes = [new FieldCause("FieldValueNotSupported", "fieldValidation", cause)],
        };
    }

    private static ResourceException InvalidPatch(JsonNode? patch, string message)
    {
        var cause = $"Invalid value: {Quoted(patch?.ToJsonString(Readable) ?? "null")}: {message}";
        return new ResourceException(422, "Invalid", $" \"\" is invalid: patch: {cause}")
        {
            Causes = [new FieldCause("FieldValueInvalid", "patch", cause)],
        };
    }

    /// <summary>A string in double quotes with quotes and backslashes escaped, as Go's %q writes it.</summary>
    private static string Quoted(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
