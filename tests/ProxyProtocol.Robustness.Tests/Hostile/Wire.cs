using System.Diagnostics;
using System.Net;
using System.Text;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>Requests and replies for the hostile tests, over <see cref="RawTcp"/>: everything bounded in time.</summary>
internal static class Wire
{
    internal static readonly IPEndPoint Client4 = IPEndPoint.Parse("192.0.2.10:50000");
    internal static readonly IPEndPoint Server4 = IPEndPoint.Parse("198.51.100.1:443");

    internal static byte[] V2(IPEndPoint source, IPEndPoint destination) => new ProxyHeaderBuilder().Proxy(source, destination).Build().Encode();

    internal static byte[] Get(string path = "/") => Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    internal static byte[] Post(string path, byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), .. body];

    /// <summary>Sends everything in one write and returns the server's reply up to its close.</summary>
    internal static Task<string> ExchangeAsync(IPEndPoint endPoint, byte[] bytes, TimeSpan? timeout = null) =>
        RawTcp.ExchangeAsync(endPoint, bytes, timeout ?? TimeSpan.FromSeconds(20));

    /// <summary>One proxied HTTP request on a new connection; returns the body and the elapsed time.</summary>
    internal static async Task<(string Body, TimeSpan Elapsed)> TimedRequestAsync(IPEndPoint endPoint, byte[] header, byte[]? request = null)
    {
        var watch = Stopwatch.StartNew();
        var reply = await ExchangeAsync(endPoint, [.. header, .. request ?? Get()]);
        watch.Stop();
        return (HttpReply.Body(reply), watch.Elapsed);
    }

    internal static double Percentile(IEnumerable<TimeSpan> samples, double p)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
