using System.Net;

namespace Berth.Api.Tests;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("localhost:9000", "127.0.0.1", 9000)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void Host_and_port_parse(string text, string address, int port)
    {
        var parsed = ListenAddress.Parse(text);

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), parsed.EndPoint);
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("::1:8080")]
    [InlineData("example.com:8080")]
    [InlineData(":8080")]
    public void Anything_else_is_refused_with_a_one_line_reason(string text)
    {
        var error = Assert.Throws<FormatException>(() => ListenAddress.Parse(text));

        Assert.Contains($"'{text}'", error.Message);
    }
}
