using System.Globalization;
using System.Net;
using System.Text;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>The bytes a client sends: per connection a PROXY header (as a balancer would write it), then requests.</summary>
internal static class Headers
{
    public static readonly byte[] KeepAliveRequest = "GET / HTTP/1.1\r\nHost: bench\r\n\r\n"u8.ToArray();
    public static readonly byte[] CloseRequest = "GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"u8.ToArray();

    /// <summary>The PROXY header one client (worker) sends, with a client address and port of its own.</summary>
    public static byte[] For(Variant variant, int worker)
    {
        var source = new IPEndPoint(IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"198.51.100.{1 + (worker % 250)}")), 40000 + worker);
        var destination = new IPEndPoint(IPAddress.Parse("10.0.0.1"), 443);
        return variant switch
        {
            Variant.Plain => [],
            Variant.V1 => new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(source, destination).Build().Encode(),
            Variant.V2TlvsCrc => new ProxyHeaderBuilder()
                .Proxy(source, destination)
                .AddAlpn("http/1.1"u8.ToArray())
                .AddAuthority("example.com")
                .AddUniqueId(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"conn-{worker:D8}-0123456789")))
                .AddCrc32C()
                .Build()
                .Encode(),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
    }

    public static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
