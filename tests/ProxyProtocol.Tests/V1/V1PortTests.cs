using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V1;

/// <summary>docs/spec-rules.md §V1.7: decimal 0–65535, no sign, no leading zero, port 0 legal.</summary>
public sealed class V1PortTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("80", 80)]
    [InlineData("65535", 65535)]
    [InlineData("10000", 10000)]
    public async Task Port_is_decimal_0_to_65535_and_port_0_is_legal(string text, int port)
    {
        var header = await ParseHarness.ValidAsync(Hex.Ascii($"PROXY TCP4 1.2.3.4 5.6.7.8 {text} {text}\r\n"));
        Assert.Equal(port, header.Source!.Port);
        Assert.Equal(port, header.Destination!.Port);
    }

    [Theory]
    [InlineData("080")]
    [InlineData("00")]
    [InlineData("+80")]
    [InlineData("-1")]
    [InlineData("65536")]
    [InlineData("99999")]
    [InlineData("100000")]
    [InlineData("8a")]
    [InlineData("0x50")]
    [InlineData("1e3")]
    public async Task Source_port_has_no_sign_no_leading_zero_and_fits_16_bits(string text) =>
        await ParseHarness.InvalidAsync(Hex.Ascii($"PROXY TCP4 1.2.3.4 5.6.7.8 {text} 443\r\n"), ProxyError.V1InvalidSourcePort, 27);

    [Theory]
    [InlineData("080")]
    [InlineData("+80")]
    [InlineData("65536")]
    [InlineData("123456")]
    public async Task Destination_port_has_no_sign_no_leading_zero_and_fits_16_bits(string text) =>
        await ParseHarness.InvalidAsync(Hex.Ascii($"PROXY TCP4 1.2.3.4 5.6.7.8 443 {text}\r\n"), ProxyError.V1InvalidDestinationPort, 31);

    [Fact]
    public async Task Port_with_a_leading_space_is_a_doubled_separator_not_a_number() =>
        await ParseHarness.InvalidAsync(Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8  80 443\r\n"), ProxyError.V1InvalidFieldSeparator, 27);
}
