using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V1;

/// <summary>docs/spec-rules.md §V1.4–§V1.6 (IPv4, IPv6, the family named by the token) with §POLICY.2 and §POLICY.3.</summary>
public sealed class V1AddressTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("10.0.0.1")]
    [InlineData("1.20.100.249")]
    public async Task IPv4_is_four_decimal_parts_0_to_255(string address)
    {
        var header = await ParseHarness.ValidAsync(Hex.Ascii($"PROXY TCP4 {address} 192.0.2.1 1 2\r\n"));
        Assert.Equal(IPAddress.Parse(address), header.Source!.Address);
    }

    [Theory]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.04")]
    [InlineData("010.0.0.1")]
    [InlineData("255.0255.255.255")]
    [InlineData("00.0.0.0")]
    public async Task IPv4_parts_have_no_leading_zeros(string address) =>
        await ParseHarness.InvalidAsync(Hex.Ascii($"PROXY TCP4 {address} 192.0.2.1 1 2\r\n"), ProxyError.V1InvalidSourceAddress, 11);

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.300")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("1234.1.1.1")]
    [InlineData("+1.2.3.4")]
    public async Task IPv4_has_exactly_four_parts_in_range(string address) =>
        await ParseHarness.InvalidAsync(Hex.Ascii($"PROXY TCP4 192.0.2.1 {address} 1 2\r\n"), ProxyError.V1InvalidDestinationAddress, 21);

    [Theory]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:DB8::A", "2001:db8::a")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8")]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0")]
    [InlineData("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8")]
    [InlineData("::ffff:1.2.3.4", "::ffff:1.2.3.4")]
    [InlineData("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304")]
    [InlineData("0000:0000:0000:0000:0000:ffff:255.255.255.255", "::ffff:255.255.255.255")]
    public async Task IPv6_accepts_rfc_4291_text(string text, string expected)
    {
        var header = await ParseHarness.ValidAsync(Hex.Ascii($"PROXY TCP6 {text} ::1 1 2\r\n"));
        Assert.Equal(IPAddress.Parse(expected), header.Source!.Address);
        Assert.Equal(ProxyAddressFamily.InterNetworkV6, header.AddressFamily);
    }

    [Theory]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%1")]
    [InlineData("[::1]")]
    [InlineData("[::1]:80")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8::")]
    [InlineData("::1:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4::5:6:7:8")]
    [InlineData("1::2::3")]
    [InlineData("1:::2")]
    [InlineData(":1::")]
    [InlineData("1::2:")]
    [InlineData("12345::")]
    [InlineData("g::1")]
    [InlineData(":")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("::01.2.3.4")]
    [InlineData("::1.2.3")]
    [InlineData("::1.2.3.4:5")]
    public async Task IPv6_rejects_zones_brackets_and_malformed_groups(string text) =>
        await ParseHarness.InvalidAsync(Hex.Ascii($"PROXY TCP6 {text} ::1 1 2\r\n"), ProxyError.V1InvalidSourceAddress, 11);

    [Fact]
    public async Task IPv6_double_colon_must_stand_for_at_least_one_group() =>
        await ParseHarness.InvalidAsync(Hex.Ascii("PROXY TCP6 ::1 1:2:3::4:5:6:7:8 1 2\r\n"), ProxyError.V1InvalidDestinationAddress, 15);

    [Theory]
    [InlineData("PROXY TCP4 ::1 1.2.3.4 1 2\r\n", 11)]
    [InlineData("PROXY TCP4 1.2.3.4 ::ffff:1.2.3.4 1 2\r\n", 19)]
    [InlineData("PROXY TCP6 1.2.3.4 ::1 1 2\r\n", 11)]
    [InlineData("PROXY TCP6 ::1 1.2.3.4 1 2\r\n", 15)]
    public async Task Address_family_is_dictated_by_the_protocol_token(string line, int offset) =>
        await ParseHarness.InvalidAsync(Hex.Ascii(line), ProxyError.V1AddressFamilyMismatch, offset);

    [Fact]
    public async Task IPv4_in_tcp6_is_accepted_on_request_and_mapped_to_ipv4_mapped_ipv6()
    {
        var options = new ProxyParserOptions { AllowIPv4InTcp6 = true };
        var header = await ParseHarness.ValidAsync(Hex.Ascii("PROXY TCP6 2001:db8::1 127.0.0.1 51000 8080\r\n"), options);
        Assert.Equal(ProxyAddressFamily.InterNetworkV6, header.AddressFamily);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), header.Source!.Address);
        Assert.Equal(IPAddress.Parse("::ffff:127.0.0.1"), header.Destination!.Address);
        Assert.Equal(IPAddress.Parse("127.0.0.1"), header.Destination.Address.MapToIPv4());
        Assert.Equal(8080, header.Destination.Port);

        var both = await ParseHarness.ValidAsync(Hex.Ascii("PROXY TCP6 10.1.2.3 127.0.0.1 1 2\r\n"), options);
        Assert.Equal(IPAddress.Parse("::ffff:10.1.2.3"), both.Source!.Address);
    }

    [Fact]
    public async Task IPv4_in_tcp6_leniency_still_rejects_bad_ipv4_and_ipv6_in_tcp4()
    {
        var options = new ProxyParserOptions { AllowIPv4InTcp6 = true };
        await ParseHarness.InvalidAsync(Hex.Ascii("PROXY TCP6 01.2.3.4 ::1 1 2\r\n"), ProxyError.V1InvalidSourceAddress, 11, options);
        await ParseHarness.InvalidAsync(Hex.Ascii("PROXY TCP4 ::1 1.2.3.4 1 2\r\n"), ProxyError.V1AddressFamilyMismatch, 11, options);
    }

    [Fact]
    public async Task TCP6_maximum_line_of_104_bytes_is_accepted()
    {
        const string LongestIPv6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        var header = await ParseHarness.ValidAsync(Hex.Ascii($"PROXY TCP6 {LongestIPv6} {LongestIPv6} 65535 65535\r\n"));
        Assert.Equal(104, header.HeaderLength);
    }

    [Fact]
    public async Task TCP4_maximum_line_of_56_bytes_is_accepted()
    {
        var header = await ParseHarness.ValidAsync(Hex.Ascii("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n"));
        Assert.Equal(56, header.HeaderLength);
    }
}
