using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Patching;

/// <summary>
/// RFC 6902 JSON patch (<c>application/json-patch+json</c>): a list of add, remove, replace, move,
/// copy and test operations on RFC 6901 pointers, applied in order to a copy of the object; one
/// failing operation fails the whole patch, so nothing is half-applied. Errors are Kubernetes':
/// a malformed patch is 400, too many operations 413, an operation that cannot apply 422.
/// </summary>
public static class JsonPatch
{
    // Kubernetes' limit (maxJSONPatchOperations in the apiserver's patch handler).
    public const int MaxOperations = 10_000;

    public static JsonObject Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ResourceException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        if (operations.Count > MaxOperations)
        {
            throw new ResourceException(413, "RequestEntityTooLarge",
                $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        JsonNode document = target.DeepClone();
        foreach (var (operation, index) in operations.Select((o, i) => (o, i)))
        {
            document = ApplyOne(document, Parse(operation, index));
        }

        return document as JsonObject ?? throw Unprocessable("the patched document is not a JSON object");
    }

    private sealed record Operation(string Op, string Path, JsonNode? Value, bool HasValue, string? From);

    private static Operation Parse(JsonNode? node, int index)
    {
        if (node is not JsonObject op)
        {
            throw ResourceException.BadRequest($"json patch operation {index} is not a JSON object");
        }

        var name = Text(op, "op") ?? throw ResourceException.BadRequest($"json patch operation {index} has no \"op\"");
        var path = Text(op, "path") ?? throw ResourceException.BadRequest($"json patch operation {index} ({name}) has no \"path\"");
        return new Operation(name, path, op["value"], op.ContainsKey("value"), Text(op, "from"));
    }

    private static JsonNode ApplyOne(JsonNode document, Operation op)
    {
        switch (op.Op)
        {
            case "add":
                return Add(document, op.Path, RequireValue(op));
            case "remove":
                Remove(document, op.Path);
                return document;
            case "replace":
                var value = RequireValue(op);
                if (op.Path.Length == 0)
                {
                    return value ?? throw Unprocessable("replace operation cannot set the whole document to null");
                }

                Remove(document, op.Path);
                return Add(document, op.Path, value);
            case "move":
                var from = RequireFrom(op);
                if (op.Path.StartsWith(from + "/", StringComparison.Ordinal))
                {
                    throw Unprocessable($"move operation cannot move \"{from}\" into its own child \"{op.Path}\"");
                }

                var moved = Remove(document, from);
                return Add(document, op.Path, moved);
            case "copy":
                return Add(document, op.Path, Resolve(document, RequireFrom(op))?.DeepClone());
            case "test":
                var actual = Resolve(document, op.Path);
                if (!JsonNode.DeepEquals(actual, op.Value))
                {
                    throw Unprocessable($"testing value {op.Path} failed: test failed");
                }

                return document;
            default:
                throw ResourceException.BadRequest($"unexpected json patch operation \"{op.Op}\"");
        }
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw Unprocessable("add operation cannot set the whole document to null");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array:
                var at = last == "-" ? array.Count : Index(last, array.Count, path, allowEnd: true);
                array.Insert(at, value);
                break;
            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\"");
        }

        return document;
    }

    /// <summary>Takes the value at <paramref name="path"/> out of the document and returns it.</summary>
    private static JsonNode? Remove(JsonNode document, string path)
    {
        if (path.Length == 0)
        {
            throw Unprocessable("remove operation cannot remove the whole document");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out var value):
                obj.Remove(last);
                return value;
            case JsonArray array:
                var at = Index(last, array.Count, path, allowEnd: false);
                var item = array[at];
                array.RemoveAt(at);
                return item;
            default:
                throw Unprocessable($"remove operation does not apply: doc is missing path: \"{path}\"");
        }
    }

    private static JsonNode? Resolve(JsonNode document, string path)
    {
        if (path.Length == 0)
        {
            return document;
        }

        var (parent, last) = Parent(document, path);
        return parent switch
        {
            JsonObject obj when obj.TryGetPropertyValue(last, out var value) => value,
            JsonArray array => array[Index(last, array.Count, path, allowEnd: false)],
            _ => throw Unprocessable($"doc is missing path: \"{path}\""),
        };
    }

    /// <summary>The container the pointer's last token lives in, and that token (unescaped).</summary>
    private static (JsonNode? Parent, string Last) Parent(JsonNode document, string path)
    {
        if (!path.StartsWith('/'))
        {
            throw ResourceException.BadRequest($"invalid json pointer \"{path}\": it must be empty or start with \"/\"");
        }

        var tokens = path[1..].Split('/').Select(Unescape).ToArray();
        JsonNode? node = document;
        foreach (var token in tokens[..^1])
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array => array[Index(token, array.Count, path, allowEnd: false)],
                _ => throw Unprocessable($"doc is missing path: \"{path}\""),
            };
        }

        return (node, tokens[^1]);
    }

    private static int Index(string token, int count, string path, bool allowEnd)
    {
        var valid = token.Length > 0 && (token == "0" || token[0] != '0')
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        var index = valid ? int.Parse(token, CultureInfo.InvariantCulture) : -1;
        if (index < 0 || index > count || (index == count && !allowEnd))
        {
            throw Unprocessable($"index \"{token}\" is out of bounds in \"{path}\"");
        }

        return index;
    }

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static JsonNode? RequireValue(Operation op) =>
        op.HasValue ? op.Value?.DeepClone() : throw ResourceException.BadRequest($"json patch {op.Op} operation on \"{op.Path}\" has no \"value\"");

    private static string RequireFrom(Operation op) =>
        op.From ?? throw ResourceException.BadRequest($"json patch {op.Op} operation on \"{op.Path}\" has no \"from\"");

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // Kubernetes answers a patch that does not apply with a bare 422 (reason Invalid) carrying the library's message.
    private static ResourceException Unprocessable(string message) => new(422, "Invalid", message);
}
