using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V1;

/// <summary>docs/spec-rules.md §V1.11 and §POLICY.1: <c>UNKNOWN</c> and what may follow it.</summary>
public sealed class V1UnknownTests
{
    [Fact]
    public async Task UNKNOWN_short_form_is_15_bytes_with_no_addresses()
    {
        var header = await ParseHarness.ValidAsync(Hex.Ascii("PROXY UNKNOWN\r\nEHLO"));
        Assert.Equal(15, header.HeaderLength);
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.Equal(ProxyAddressFamily.Unspecified, header.AddressFamily);
        Assert.Equal(ProxyTransport.Unspecified, header.Transport);
        Assert.False(header.HasIPEndPoints);
        Assert.Null(header.Source);
        Assert.Null(header.Destination);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY UNKNOWN ffff:f::f 1:2 65535 65535\r\n")]
    [InlineData("PROXY UNKNOWN garbage that is not well formed !@#$%^&*()\r\n")]
    [InlineData("PROXY UNKNOWN \r\n")]
    [InlineData("PROXY UNKNOWN  double  spaces\ttab\r\n")]
    [InlineData("PROXY UNKNOWN 01.2.3.4 +80\r\n")]
    public async Task UNKNOWN_tail_up_to_crlf_is_ignored_even_if_malformed(string line)
    {
        var input = Hex.Ascii(line);
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(input.Length, header.HeaderLength);
        Assert.Equal(ProxyAddressFamily.Unspecified, header.AddressFamily);
        Assert.Null(header.Source);
    }

    [Fact]
    public async Task UNKNOWN_tail_may_hold_any_byte_but_cr_and_lf()
    {
        var tail = Enumerable.Range(0, 256).Where(b => b is not ('\r' or '\n')).Select(b => (byte)b).Take(80).ToArray();
        var input = Hex.Concat(Hex.Ascii("PROXY UNKNOWN "), tail, Hex.Ascii("\r\n"));
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(input.Length, header.HeaderLength);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\rX\r\n", 13)]
    [InlineData("PROXY UNKNOWN a\rb\r\n", 15)]
    [InlineData("PROXY UNKNOWN a\nb\r\n", 15)]
    [InlineData("PROXY UNKNOWN\n", 13)]
    [InlineData("PROXY UNKNOWN a\n", 15)]
    public async Task UNKNOWN_tail_may_not_contain_a_lone_cr_or_lf(string line, int offset) =>
        await ParseHarness.InvalidAsync(Hex.Ascii(line), ProxyError.V1InvalidLineEnding, offset);

    [Theory]
    [InlineData("PROXY UNKNOWN\t1.2.3.4\r\n")]
    [InlineData("PROXY UNKNOWNX\r\n")]
    [InlineData("PROXY UNKNOWN-\r\n")]
    public async Task UNKNOWN_must_be_followed_by_a_space_or_crlf(string line) =>
        Assert.True((await ParseHarness.RunAsync(Hex.Ascii(line))).Result.IsInvalid);

    [Fact]
    public async Task UNKNOWN_worst_case_line_of_107_bytes_is_accepted()
    {
        const string LongestIPv6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        var header = await ParseHarness.ValidAsync(Hex.Ascii($"PROXY UNKNOWN {LongestIPv6} {LongestIPv6} 65535 65535\r\n"));
        Assert.Equal(107, header.HeaderLength);
    }
}
