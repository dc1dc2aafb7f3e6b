using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Store.Support;

internal static class Json
{
    public static byte[] Of(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    public static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>Whether two UTF-8 JSON documents mean the same (whitespace and member order aside).</summary>
    public static bool SameAs(byte[] expected, byte[] actual) =>
        JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));

    /// <summary>The <c>v</c> member of a <c>{"v":...}</c> value, as the tests write them.</summary>
    public static JsonElement VOf(byte[] value) => JsonDocument.Parse(value).RootElement.GetProperty("v").Clone();
}
