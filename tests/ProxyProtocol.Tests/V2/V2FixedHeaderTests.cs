using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V2;

/// <summary>docs/spec-rules.md §V2.1–§V2.9: signature, version and command nibbles, the family/transport byte, <c>len</c> and the address block.</summary>
public sealed class V2FixedHeaderTests
{
    public static TheoryData<int> SignatureOffsets => new(Enumerable.Range(0, 12));

    [Theory]
    [MemberData(nameof(SignatureOffsets))]
    public async Task Signature_is_the_exact_12_bytes(int offset)
    {
        var input = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block);
        input[offset] ^= 0x40;
        await ParseHarness.InvalidAsync(input, ProxyError.UnrecognizedSignature, offset);
    }

    [Fact]
    public async Task Signature_contains_a_nul_and_is_not_a_c_string()
    {
        var input = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block);
        input[4] = 0x0D;
        await ParseHarness.InvalidAsync(input, ProxyError.UnrecognizedSignature, 4);
    }

    public static TheoryData<int> OtherVersions => new(Enumerable.Range(0, 16).Where(v => v != 2));

    [Theory]
    [MemberData(nameof(OtherVersions))]
    public async Task Version_nibble_must_be_2(int version) =>
        await ParseHarness.InvalidAsync(V2Bytes.Header((byte)((version << 4) | 1), 0x11, V2Bytes.IPv4Block), ProxyError.V2UnsupportedVersion, 12);

    public static TheoryData<int> UndefinedCommands => new(Enumerable.Range(2, 14));

    [Theory]
    [MemberData(nameof(UndefinedCommands))]
    public async Task Command_other_than_local_or_proxy_drops_the_connection(int command) =>
        await ParseHarness.InvalidAsync(V2Bytes.Header((byte)(0x20 | command), 0x11, V2Bytes.IPv4Block), ProxyError.V2InvalidCommand, 12);

    private static readonly byte[] DefinedFamilyBytes = [0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32];

    public static TheoryData<byte, int> EveryFamilyByteUnderBothCommands
    {
        get
        {
            var data = new TheoryData<byte, int>();
            foreach (var verCmd in new byte[] { 0x20, 0x21 })
            {
                for (var fam = 0; fam < 256; fam++)
                {
                    data.Add(verCmd, fam);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EveryFamilyByteUnderBothCommands))]
    public async Task Only_the_seven_defined_family_bytes_are_accepted_with_no_exception_for_local(byte verCmd, int fam)
    {
        // A body of 216 zero bytes fits every family's block; zero bytes after a smaller block are not TLVs, so
        // use exactly the family's block size when it is defined.
        var block = (fam >> 4) switch { 1 => 12, 2 => 36, 3 => 216, _ => 0 };
        var input = V2Bytes.Header(verCmd, (byte)fam, new byte[block]);
        var (result, header) = await ParseHarness.RunAsync(input, ParseHarness.AnyTransport);
        if (Array.IndexOf(DefinedFamilyBytes, (byte)fam) >= 0)
        {
            Assert.True(result.IsComplete, result.ToString());
            Assert.Equal((ProxyAddressFamily)(fam >> 4), header!.AddressFamily);
            Assert.Equal((ProxyTransport)(fam & 0xF), header.Transport);
            return;
        }

        var expected = (fam >> 4) > 3 ? ProxyError.V2InvalidAddressFamily
            : (fam & 0xF) > 2 ? ProxyError.V2InvalidTransport
            : ProxyError.V2InvalidFamilyTransport;
        Assert.Equal(ProxyParseResult.Invalid(expected, 13), result);
    }

    [Theory]
    [InlineData(0x11, 12)]
    [InlineData(0x12, 12)]
    [InlineData(0x21, 36)]
    [InlineData(0x22, 36)]
    [InlineData(0x31, 216)]
    [InlineData(0x32, 216)]
    public async Task Len_shorter_than_the_family_address_block_is_malformed(byte fam, int block)
    {
        await ParseHarness.ValidAsync(V2Bytes.Header(0x21, fam, new byte[block]), ParseHarness.AnyTransport);
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, fam, new byte[block - 1]), ProxyError.V2AddressBlockTooShort, 14, ParseHarness.AnyTransport);
        await ParseHarness.InvalidAsync(V2Bytes.WithLength(0x21, fam, 0), ProxyError.V2AddressBlockTooShort, 14, ParseHarness.AnyTransport);
    }

    [Theory]
    [InlineData(0x11, ProxyTransport.Stream)]
    [InlineData(0x12, ProxyTransport.Datagram)]
    public async Task IPv4_block_is_source_destination_source_port_destination_port_in_network_order(byte fam, ProxyTransport transport)
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, fam, V2Bytes.IPv4Block), ParseHarness.AnyTransport);
        Assert.Equal(28, header.HeaderLength);
        Assert.Equal(ProxyAddressFamily.InterNetwork, header.AddressFamily);
        Assert.Equal(transport, header.Transport);
        Assert.True(header.HasIPEndPoints);
        Assert.Equal(IPEndPoint.Parse("192.0.2.1:49152"), header.Source);
        Assert.Equal(IPEndPoint.Parse("198.51.100.2:443"), header.Destination);
    }

    [Theory]
    [InlineData(0x21, ProxyTransport.Stream)]
    [InlineData(0x22, ProxyTransport.Datagram)]
    public async Task IPv6_block_is_source_destination_source_port_destination_port_in_network_order(byte fam, ProxyTransport transport)
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, fam, V2Bytes.IPv6Block), ParseHarness.AnyTransport);
        Assert.Equal(52, header.HeaderLength);
        Assert.Equal(transport, header.Transport);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:49152"), header.Source);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::2]:443"), header.Destination);
    }

    [Fact]
    public async Task Addresses_are_not_parsed_before_the_whole_block_is_present()
    {
        var input = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block);
        for (var k = 0; k < input.Length; k++)
        {
            await ParseHarness.IncompleteAsync(input.AsSpan(0, k).ToArray());
        }
    }

    [Theory]
    [InlineData(0x20, 0x00)]
    [InlineData(0x20, 0x11)]
    [InlineData(0x20, 0x21)]
    [InlineData(0x20, 0x31)]
    [InlineData(0x21, 0x00)]
    [InlineData(0x21, 0x11)]
    [InlineData(0x21, 0x22)]
    [InlineData(0x21, 0x32)]
    public async Task Len_is_always_honoured_and_exactly_16_plus_len_bytes_are_consumed(byte verCmd, byte fam)
    {
        var body = Hex.Concat(new byte[216], V2Bytes.Tlv(0x04, new byte[20]));
        var payload = Hex.Concat(V2Bytes.Tlv(0x04), Hex.Ascii("GET / HTTP/1.1\r\n"));
        var header = await ParseHarness.ValidAsync(Hex.Concat(V2Bytes.Header(verCmd, fam, body), payload), ParseHarness.AnyTransport);
        Assert.Equal(16 + body.Length, header.HeaderLength);
    }

    [Fact]
    public async Task Len_larger_than_the_block_carries_tlvs()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x02, Hex.Ascii("example.com"))));
        var tlv = Assert.Single(header.Tlvs);
        Assert.Equal(0x02, tlv.Type);
        Assert.Equal("example.com"u8.ToArray(), tlv.Value.ToArray());
    }

    [Fact]
    public async Task Unix_paths_are_nul_padded_108_byte_fields()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x31, V2Bytes.UnixBlock("/run/client.sock", "/run/haproxy.sock")));
        Assert.Equal(ProxyAddressFamily.Unix, header.AddressFamily);
        Assert.Equal(ProxyTransport.Stream, header.Transport);
        Assert.Equal("/run/client.sock", header.SourceUnixPath);
        Assert.Equal("/run/haproxy.sock", header.DestinationUnixPath);
        Assert.False(header.HasIPEndPoints);
        Assert.Null(header.Source);
        Assert.Empty(header.Tlvs);
    }

    [Fact]
    public async Task Unix_path_may_fill_all_108_bytes_without_nul()
    {
        var full = new string('p', 108);
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x32, V2Bytes.UnixBlock(full, "/d"), V2Bytes.Tlv(0xE5, 1, 2)), ParseHarness.AnyTransport);
        Assert.Equal(full, header.SourceUnixPath);
        Assert.Equal("/d", header.DestinationUnixPath);
        Assert.Equal(ProxyTransport.Datagram, header.Transport);
        Assert.Equal(0xE5, Assert.Single(header.Tlvs).Type);
    }

    [Fact]
    public async Task Unix_abstract_socket_path_keeps_its_leading_nul()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x31, V2Bytes.UnixBlock("\0abstract", "/d")));
        Assert.Equal("\0abstract", header.SourceUnixPath);
    }
}
