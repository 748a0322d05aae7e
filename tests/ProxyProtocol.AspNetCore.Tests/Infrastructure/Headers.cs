using System.Net;
using System.Text;

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>PROXY headers used across the tests, as wire bytes.</summary>
internal static class Headers
{
    internal const string V1Line = "PROXY TCP4 192.168.1.100 10.0.0.1 56324 8080\r\n";

    internal static readonly IPEndPoint V4Source = IPEndPoint.Parse("192.168.1.100:56324");
    internal static readonly IPEndPoint V4Destination = IPEndPoint.Parse("10.0.0.1:8080");
    internal static readonly IPEndPoint V6Source = IPEndPoint.Parse("[2001:db8::1]:4711");
    internal static readonly IPEndPoint V6Destination = IPEndPoint.Parse("[2001:db8::2]:443");

    internal static byte[] V1 => Encoding.ASCII.GetBytes(V1Line);

    internal static byte[] V2V4 => new ProxyHeaderBuilder().Proxy(V4Source, V4Destination).Build().Encode();

    internal static byte[] V2V6WithTlvs => new ProxyHeaderBuilder().Proxy(V6Source, V6Destination)
        .AddTlv(0x02, "example.com"u8)
        .AddTlv(0x01, "h2"u8)
        .AddCrc32C()
        .Build().Encode();

    internal static byte[] V2Local => new ProxyHeaderBuilder().Local().Build().Encode();

    internal static byte[] V1Unknown => "PROXY UNKNOWN\r\n"u8.ToArray();

    /// <summary>A v2 header whose SSL TLV says the client used TLS (client = PP2_CLIENT_SSL, verify = 0, version TLSv1.3).</summary>
    internal static byte[] V2WithSslClient(bool clientUsedTls = true)
    {
        byte[] ssl = [clientUsedTls ? (byte)0x01 : (byte)0x00, 0, 0, 0, 0, 0x21, 0x00, 0x07, .. "TLSv1.3"u8];
        return new ProxyHeaderBuilder().Proxy(V4Source, V4Destination).AddTlv(0x20, ssl).Build().Encode();
    }

    internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    internal static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    internal static byte[] HttpGet(string path = "/", string extraHeaders = "") =>
        Ascii($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extraHeaders}\r\n");
}
