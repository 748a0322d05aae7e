using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Model;

/// <summary>The header model: value equality, a readable ToString that never shows TLV values, raw TLV bytes.</summary>
public sealed class ProxyHeaderModelTests
{
    private static ProxyHeader Build(string authority) =>
        new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.0.2.1:5000"), IPEndPoint.Parse("198.51.100.1:443")).AddCrc32C().AddTlv(0x02, Hex.Ascii(authority)).Build();

    [Fact]
    public void Headers_with_the_same_fields_and_tlvs_are_equal()
    {
        Assert.Equal(Build("a.example"), Build("a.example"));
        Assert.Equal(Build("a.example").GetHashCode(), Build("a.example").GetHashCode());
        Assert.True(Build("a.example") == Build("a.example"));
        Assert.NotEqual(Build("a.example"), Build("b.example"));
        Assert.True(Build("a.example") != Build("b.example"));
        Assert.NotEqual(
            new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.0.2.1:5000"), IPEndPoint.Parse("198.51.100.1:443")).Build(),
            new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.0.2.1:5000"), IPEndPoint.Parse("198.51.100.1:444")).Build());
    }

    [Fact]
    public void A_builder_switched_from_ip_to_unix_builds_a_header_equal_to_its_parsed_bytes()
    {
        var built = new ProxyHeaderBuilder()
            .Proxy(IPEndPoint.Parse("192.0.2.1:5000"), IPEndPoint.Parse("198.51.100.1:443"))
            .ProxyUnix("/a", "/b")
            .Build();
        Assert.True(ProxyHeaderParser.Parse(built.Encode(), out var parsed).IsComplete);
        Assert.Equal(parsed, built);
        Assert.Equal(parsed!.GetHashCode(), built.GetHashCode());
    }

    [Fact]
    public void ToString_shows_version_command_transport_endpoints_and_tlv_types_but_no_values()
    {
        var text = Build("secret-host.example").ToString();
        Assert.Equal("PROXY v2 PROXY TCP/IPv4 192.0.2.1:5000 -> 198.51.100.1:443, TLVs 0x03[4] 0x02[19], CRC32C verified", text);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_unix_and_local_headers_is_readable()
    {
        Assert.Equal("PROXY v2 PROXY UNIX-DGRAM/UNIX /a -> \\0b", new ProxyHeaderBuilder().ProxyUnix("/a", "\0b", ProxyTransport.Datagram).Build().ToString());
        Assert.Equal("PROXY v2 LOCAL UNSPEC/UNSPEC", new ProxyHeaderBuilder().Local().Build().ToString());
        Assert.Equal("PROXY v1 PROXY UNSPEC/UNSPEC", new ProxyHeaderBuilder(ProxyVersion.V1).Build().ToString());
    }

    [Fact]
    public async Task Raw_tlv_bytes_are_exactly_the_tlv_area_on_the_wire()
    {
        var tlvs = Hex.Concat(V2Bytes.Tlv(0x01, Hex.Ascii("h2")), V2Bytes.Tlv(0xEE, 1, 0xC1, 0x45, 0, 0x21));
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x21, V2Bytes.IPv6Block, tlvs));
        Assert.Equal(tlvs, header.Tlvs.RawBytes.ToArray());
        Assert.Equal(2, header.Tlvs.Count);
        Assert.Equal("0xEE[5]", header.Tlvs.Last().ToString());
    }

    [Fact]
    public void Parse_reports_incomplete_for_a_prefix_and_the_reason_and_offset_for_an_invalid_header_without_throwing()
    {
        Assert.Equal(ProxyParseResult.Incomplete, ProxyHeaderParser.Parse(V2Bytes.Signature, out var incomplete));
        Assert.Null(incomplete);
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.V2InvalidCommand, 12), ProxyHeaderParser.Parse(V2Bytes.Header(0x22, 0x11, V2Bytes.IPv4Block), out var invalid));
        Assert.Null(invalid);
    }

    [Fact]
    public void Endpoints_are_new_objects_so_mutating_one_cannot_change_the_header()
    {
        var header = new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.0.2.1:1000"), IPEndPoint.Parse("192.0.2.2:443")).Build();
        var source = header.Source!;
        source.Port = 999;
        source.Address = IPAddress.Parse("203.0.113.9");
        Assert.Equal(IPEndPoint.Parse("192.0.2.1:1000"), header.Source);
        Assert.NotSame(header.Source, header.Source);
        Assert.Contains("192.0.2.1:1000", header.ToString(), StringComparison.Ordinal);
        Assert.True(ProxyHeaderParser.Parse(header.Encode(), out var parsed).IsComplete);
        Assert.Equal(header, parsed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    public void Accepted_versions_must_name_at_least_one_known_version(int versions)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProxyParserOptions { AcceptedVersions = (ProxyVersions)versions });
    }
}
