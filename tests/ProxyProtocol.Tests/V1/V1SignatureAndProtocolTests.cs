using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V1;

/// <summary>docs/spec-rules.md §V1.1–§V1.3 and §V1.8: the <c>PROXY</c> signature, its single space, the protocol token and the fields.</summary>
public sealed class V1SignatureAndProtocolTests
{
    [Fact]
    public async Task Example_line_from_the_spec_is_47_bytes_and_the_request_follows_unread()
    {
        var input = Hex.Ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(47, header.HeaderLength);
        Assert.Equal(ProxyVersion.V1, header.Version);
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.Equal(ProxyAddressFamily.InterNetwork, header.AddressFamily);
        Assert.Equal(ProxyTransport.Stream, header.Transport);
        Assert.Equal(IPEndPoint.Parse("192.168.0.1:56324"), header.Source);
        Assert.Equal(IPEndPoint.Parse("192.168.0.11:443"), header.Destination);
        Assert.Empty(header.Tlvs);
        Assert.Null(header.Crc32CVerified);
    }

    [Theory]
    [InlineData("PROXYjunk TCP4 1.2.3.4 5.6.7.8 1 2\r\n", 5)]
    [InlineData("PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\r\n", 6)]
    [InlineData("PROXY\tTCP4 1.2.3.4 5.6.7.8 1 2\r\n", 5)]
    [InlineData("PROXY\r\n", 5)]
    public async Task Signature_proxy_must_be_followed_by_exactly_one_space(string line, int offset)
    {
        var result = await ParseHarness.RunAsync(Hex.Ascii(line));
        Assert.True(result.Result.IsInvalid);
        Assert.Equal(offset, result.Result.ErrorOffset);
    }

    [Theory]
    [InlineData("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXI TCP4 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData(" PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n")]
    public async Task Signature_is_case_sensitive_and_must_start_the_stream(string line) =>
        await ParseHarness.InvalidAsync(Hex.Ascii(line), ProxyError.UnrecognizedSignature);

    [Theory]
    [InlineData("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP46 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY unknown\r\n")]
    [InlineData("PROXY UNKNOWNX\r\n")]
    [InlineData("PROXY UDP6 ::1 ::1 1 2\r\n")]
    public async Task Protocol_token_is_only_tcp4_tcp6_or_unknown_case_sensitive(string line) =>
        await ParseHarness.InvalidAsync(Hex.Ascii(line), ProxyError.V1InvalidProtocol, 6);

    [Theory]
    [InlineData("PROXY TCP4\r\n")]
    [InlineData("PROXY TCP6\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n")]
    public async Task TCP_lines_need_all_six_fields(string line) =>
        await ParseHarness.InvalidAsync(Hex.Ascii(line), ProxyError.V1InvalidFieldSeparator);

    [Theory]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1  2\r\n")]
    [InlineData("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n")]
    public async Task Fields_are_separated_by_single_spaces_with_no_trailing_space_or_extra_token(string line) =>
        Assert.True((await ParseHarness.RunAsync(Hex.Ascii(line))).Result.IsInvalid);

    [Fact]
    public async Task Field_separator_is_a_space_not_a_tab() =>
        await ParseHarness.InvalidAsync(Hex.Ascii("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n"), ProxyError.V1InvalidSourceAddress, 11);

    [Fact]
    public async Task Line_is_us_ascii_so_non_ascii_digits_are_rejected() =>
        await ParseHarness.InvalidAsync(
            Hex.Concat(Hex.Ascii("PROXY TCP4 1.2.3."), [0xD9, 0xA4], Hex.Ascii(" 5.6.7.8 1 2\r\n")),
            ProxyError.V1InvalidSourceAddress,
            11);
}
