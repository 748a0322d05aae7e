using System.Net;

namespace ProxyProtocol.Writers.Tests;

/// <summary>Headers of every shape the writer has to carry.</summary>
internal static class Headers
{
    internal static readonly ProxyHeader V1Tcp4 = new ProxyHeaderBuilder(ProxyVersion.V1)
        .Proxy(IPEndPoint.Parse("192.0.2.10:51000"), IPEndPoint.Parse("198.51.100.1:443"))
        .Build();

    internal static readonly ProxyHeader V2Tcp6WithTlvs = new ProxyHeaderBuilder()
        .Proxy(IPEndPoint.Parse("[2001:db8::7]:40000"), IPEndPoint.Parse("[2001:db8::1]:8443"))
        .AddTlv(0x02, "example.com"u8)
        .AddTlv(0x05, "0123456789abcdef"u8)
        .AddCrc32C()
        .Build();

    internal static readonly ProxyHeader V2Local = new ProxyHeaderBuilder().Local().Build();

    public static IEnumerable<object[]> All() =>
    [
        [nameof(V1Tcp4)],
        [nameof(V2Tcp6WithTlvs)],
        [nameof(V2Local)],
    ];

    internal static ProxyHeader Get(string name) => name switch
    {
        nameof(V1Tcp4) => V1Tcp4,
        nameof(V2Tcp6WithTlvs) => V2Tcp6WithTlvs,
        nameof(V2Local) => V2Local,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
