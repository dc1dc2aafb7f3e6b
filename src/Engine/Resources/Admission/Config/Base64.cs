namespace Berth.Engine.Resources.Admission.Config;

/// <summary>The base64 of Secret data and ConfigMap binaryData, which Kubernetes decodes (and refuses when it cannot).</summary>
internal static class Base64
{
    /// <summary>The bytes <paramref name="text"/> decodes to, or null when it is not base64.</summary>
    public static byte[]? Decode(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    public static long DecodedLength(string text) => Decode(text)?.Length ?? text.Length;

    /// <summary>Go's error for the first byte <c>encoding/base64</c> cannot read.</summary>
    public static string Error(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return $"illegal base64 data at input byte {i}";
            }
        }

        return $"illegal base64 data at input byte {Math.Max(0, text.Length - (text.Length % 4 == 0 ? 1 : text.Length % 4))}";
    }
}
