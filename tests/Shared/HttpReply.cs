using System.Text;

namespace ProxyProtocol.Tests.Shared;

/// <summary>Readers of an HTTP/1.1 reply read raw from a socket, and of the test apps' <c>key=value</c> bodies.</summary>
internal static class HttpReply
{
    /// <summary>The body of a 200 response, de-chunked when it is chunked.</summary>
    internal static string Body(string response)
    {
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end >= 0, $"not an HTTP response: '{response}'");
        var body = response[(end + 4)..];
        if (!response[..end].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        var text = new StringBuilder();
        var pos = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", pos, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[pos..lineEnd], 16);
            if (size == 0)
            {
                return text.ToString();
            }

            text.Append(body, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
    }

    /// <summary>The value of the first <c>name=value</c> line of a body, or null.</summary>
    internal static string? Line(string body, string name) =>
        body.Split('\n').FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
}
