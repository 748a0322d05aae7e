using System.Buffers;
using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Encoders;

/// <summary>The span paths allocate nothing: <c>TryEncode</c> and <c>Validate</c> (an allocation count, not a timing).</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Headers => new() { "v1-tcp4", "v1-tcp6", "v2-ipv4", "v2-tlvs-crc", "v2-unix", "v2-large" };

    private static ProxyHeader Create(string name) => name switch
    {
        "v1-tcp4" => new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(IPEndPoint.Parse("192.168.1.100:56324"), IPEndPoint.Parse("10.0.0.1:8080")).Build(),
        "v1-tcp6" => new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(IPEndPoint.Parse("[2001:db8:85a3::8a2e:370:7334]:1"), IPEndPoint.Parse("[2001:db8::1]:2")).Build(),
        "v2-ipv4" => new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.168.1.100:56324"), IPEndPoint.Parse("10.0.0.1:8080")).Build(),
        "v2-tlvs-crc" => new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.168.1.100:1"), IPEndPoint.Parse("10.0.0.1:2"))
            .AddTlv(0x01, "h2"u8).AddTlv(0x02, "example.com"u8).AddTlv(0x05, new byte[16]).AddCrc32C().Build(),
        "v2-unix" => new ProxyHeaderBuilder().ProxyUnix("/a", "/b").AddCrc32C().Build(),
        _ => new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("[::1]:1"), IPEndPoint.Parse("[::1]:2")).AddTlv(0x04, new byte[1500]).AddCrc32C().Build(),
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void TryEncode_allocates_nothing(string name)
    {
        var header = Create(name);
        var buffer = new byte[header.GetEncodedLength()];
        Assert.True(header.TryEncode(buffer, out _));
        Assert.True(header.GetEncodedLength() > 0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            header.TryEncode(buffer, out _);
            header.GetEncodedLength();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void Validate_allocates_nothing_on_spans_and_split_sequences(string name)
    {
        var bytes = Create(name).Encode();
        var split = Segments.SplitAt(bytes, bytes.Length / 2);
        Assert.True(ProxyHeaderParser.Validate(bytes).IsComplete);
        Assert.True(ProxyHeaderParser.Validate(split).IsComplete);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ProxyHeaderParser.Validate(bytes);
            ProxyHeaderParser.Validate(split);
            ProxyHeaderParser.Validate(bytes.AsSpan(0, bytes.Length - 1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Validate_allocates_nothing_when_rejecting()
    {
        var bad = Hex.Ascii("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n");
        var sequence = new ReadOnlySequence<byte>(bad);
        ProxyHeaderParser.Validate(bad);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ProxyHeaderParser.Validate(bad);
            ProxyHeaderParser.Validate(sequence);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
