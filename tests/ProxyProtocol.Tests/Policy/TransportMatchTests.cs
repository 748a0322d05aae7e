using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Policy;

/// <summary>
/// docs/spec-rules.md §POLICY.17: a PROXY header's transport must be the connection's. On a stream (span and sequence
/// parsing split at every byte, the PipeReader, Stream and Socket readers) a v2 DGRAM header is refused at offset 13
/// as soon as that byte arrives; in a datagram a v1 line and a v2 STREAM header are refused. LOCAL headers and UNSPEC
/// are accepted on both; <see cref="ProxyParserOptions.AllowTransportMismatch"/> lifts the rule.
/// </summary>
public sealed class TransportMatchTests
{
    public static TheoryData<byte, byte[]> DatagramFamilies => new()
    {
        { 0x12, V2Bytes.IPv4Block },
        { 0x22, V2Bytes.IPv6Block },
        { 0x32, V2Bytes.UnixBlock("/run/a.sock", "/run/b.sock") },
    };

    public static TheoryData<byte, byte[]> StreamFamilies => new()
    {
        { 0x11, V2Bytes.IPv4Block },
        { 0x21, V2Bytes.IPv6Block },
        { 0x31, V2Bytes.UnixBlock("/run/a.sock", "/run/b.sock") },
    };

    public static TheoryData<string> V1Lines => new()
    {
        "PROXY TCP4 192.0.2.1 198.51.100.2 49152 443\r\n",
        "PROXY TCP6 2001:db8::1 2001:db8::2 49152 443\r\n",
        "PROXY UNKNOWN\r\n",
    };

    [Theory]
    [MemberData(nameof(DatagramFamilies))]
    public async Task On_a_stream_a_v2_proxy_header_over_dgram_is_refused_when_its_transport_byte_arrives(byte fam, byte[] block)
    {
        var input = Hex.Concat(V2Bytes.Header(0x21, fam, block), Hex.Ascii("GET / HTTP/1.1\r\n"));
        await ParseHarness.InvalidAsync(input, ProxyError.TransportMismatch, 13);
        Assert.True(ProxyHeaderParser.Validate(input.AsSpan(0, 13)).IsIncomplete);
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.TransportMismatch, 13), ProxyHeaderParser.Validate(input.AsSpan(0, 14)));

        var allowed = await ParseHarness.ValidAsync(input, ParseHarness.AnyTransport);
        Assert.Equal(ProxyTransport.Datagram, allowed.Transport);
    }

    [Theory]
    [MemberData(nameof(DatagramFamilies))]
    public async Task The_socket_reader_refuses_a_dgram_header_too(byte fam, byte[] block)
    {
        using var pair = await Loopback.ConnectAsync();
        await pair.SendInPiecesAsync(V2Bytes.Header(0x21, fam, block), [], close: true);
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(pair.Server));
        Assert.Equal(ProxyError.TransportMismatch, ex.Error);
        Assert.Equal(13, ex.Offset);
    }

    [Theory]
    [MemberData(nameof(DatagramFamilies))]
    public async Task On_a_stream_local_with_a_dgram_family_is_accepted(byte fam, byte[] block) =>
        Assert.Equal(ProxyCommand.Local, (await ParseHarness.ValidAsync(V2Bytes.Header(0x20, fam, block))).Command);

    [Theory]
    [MemberData(nameof(StreamFamilies))]
    public async Task On_a_stream_stream_and_unspec_are_accepted(byte fam, byte[] block)
    {
        Assert.Equal(ProxyTransport.Stream, (await ParseHarness.ValidAsync(V2Bytes.Header(0x21, fam, block))).Transport);
        Assert.Equal(ProxyTransport.Unspecified, (await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x00))).Transport);
    }

    [Theory]
    [MemberData(nameof(StreamFamilies))]
    public void In_a_datagram_a_v2_proxy_header_over_stream_is_refused(byte fam, byte[] block)
    {
        var datagram = Hex.Concat(V2Bytes.Header(0x21, fam, block), Hex.Ascii("payload"));
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.TransportMismatch, 13), ProxyHeaderParser.ParseDatagram(datagram, out var header, out var payload));
        Assert.Null(header);
        Assert.True(payload.IsEmpty);

        Assert.True(ProxyHeaderParser.ParseDatagram(datagram, out header, out payload, ParseHarness.AnyTransport).IsComplete);
        Assert.Equal(ProxyTransport.Stream, header!.Transport);
        Assert.Equal("payload"u8.ToArray(), payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(V1Lines))]
    public void In_a_datagram_a_v1_line_is_refused_once_its_prefix_is_there(string line)
    {
        var datagram = Hex.Concat(Hex.Ascii(line), Hex.Ascii("payload"));
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.TransportMismatch, 0), ProxyHeaderParser.ParseDatagram(datagram, out var header, out _));
        Assert.Null(header);
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.TransportMismatch, 0), ProxyHeaderParser.ParseDatagram(Hex.Ascii("PROXY "), out _, out _));
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.Truncated, 5), ProxyHeaderParser.ParseDatagram(Hex.Ascii("PROXY"), out _, out _));

        Assert.True(ProxyHeaderParser.ParseDatagram(datagram, out header, out var payload, ParseHarness.AnyTransport).IsComplete);
        Assert.Equal(ProxyVersion.V1, header!.Version);
        Assert.Equal("payload"u8.ToArray(), payload.ToArray());
    }

    [Fact]
    public void In_a_datagram_a_version_that_is_not_accepted_is_reported_as_such_first()
    {
        var options = ProxyParserOptions.Default with { AcceptedVersions = ProxyVersions.V2 };
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.VersionNotAccepted, 0), ProxyHeaderParser.ParseDatagram(Hex.Ascii("PROXY UNKNOWN\r\n"), out _, out _, options));
    }

    [Theory]
    [MemberData(nameof(DatagramFamilies))]
    public void In_a_datagram_dgram_local_and_unspec_are_accepted(byte fam, byte[] block)
    {
        Assert.True(ProxyHeaderParser.ParseDatagram(V2Bytes.Header(0x21, fam, block), out var header, out _).IsComplete);
        Assert.Equal(ProxyTransport.Datagram, header!.Transport);
        Assert.True(ProxyHeaderParser.ParseDatagram(V2Bytes.Header(0x20, (byte)((fam & 0xF0) | 0x01), block), out header, out _).IsComplete);
        Assert.Equal(ProxyCommand.Local, header!.Command);
        Assert.True(ProxyHeaderParser.ParseDatagram(V2Bytes.Header(0x21, 0x00), out header, out _).IsComplete);
    }
}
