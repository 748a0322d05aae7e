using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V1;

/// <summary>docs/spec-rules.md §V1.9, §V1.10 and §V1.12: CRLF within 107 bytes, lone CR/LF never end a line, the rest is unread.</summary>
public sealed class V1LineTests
{
    [Fact]
    public async Task Receiver_waits_for_crlf_before_deciding()
    {
        await ParseHarness.IncompleteAsync(Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8 80 443"));
        await ParseHarness.IncompleteAsync(Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r"));
        await ParseHarness.IncompleteAsync(Hex.Ascii("PROXY UNKNOWN"));
        await ParseHarness.IncompleteAsync(Hex.Ascii("PROX"));
    }

    [Fact]
    public async Task Line_of_108_bytes_is_too_long_never_incomplete()
    {
        // An UNKNOWN line whose CR is byte 107 and LF byte 108.
        var line = Hex.Ascii("PROXY UNKNOWN " + new string('a', 92) + "\r\n");
        Assert.Equal(108, line.Length);
        await ParseHarness.InvalidAsync(line, ProxyError.V1LineTooLong, 107);
        await ParseHarness.InvalidAsync(line.AsSpan(0, 107).ToArray(), ProxyError.V1LineTooLong, 107);
    }

    [Fact]
    public async Task Line_of_exactly_107_bytes_including_crlf_is_accepted()
    {
        var line = Hex.Ascii("PROXY UNKNOWN " + new string('a', 91) + "\r\n");
        Assert.Equal(107, line.Length);
        Assert.Equal(107, (await ParseHarness.ValidAsync(line)).HeaderLength);
    }

    [Fact]
    public async Task No_crlf_within_107_bytes_is_invalid_once_107_bytes_arrived()
    {
        var endless = Hex.Ascii("PROXY UNKNOWN " + new string('x', 300));
        await ParseHarness.InvalidAsync(endless, ProxyError.V1LineTooLong, 107);
        await ParseHarness.IncompleteAsync(endless.AsSpan(0, 106).ToArray());
    }

    [Theory]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\n", 33)]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\rX", 33)]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\r\n", 33)]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 80\r443\r\n", 29)]
    [InlineData("PROXY TCP4\n1.2.3.4 5.6.7.8 80 443\r\n", 10)]
    [InlineData("PROXY TCP4 1.2.3.4\n5.6.7.8 80 443\r\n", 18)]
    public async Task Lone_cr_or_lf_is_never_the_end_of_the_line(string line, int offset)
    {
        var result = (await ParseHarness.RunAsync(Hex.Ascii(line))).Result;
        Assert.True(result.IsInvalid, result.ToString());
        Assert.Equal(offset, result.ErrorOffset);
    }

    [Fact]
    public async Task Bytes_after_crlf_belong_to_the_application()
    {
        var input = Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\nPROXY TCP4 9.9.9.9 9.9.9.9 9 9\r\n");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(35, header.HeaderLength);
        Assert.Equal("1.2.3.4", header.Source!.Address.ToString());
    }
}
