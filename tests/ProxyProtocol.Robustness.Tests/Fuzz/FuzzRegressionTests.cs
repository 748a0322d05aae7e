using ProxyProtocol.Fuzz.Targets;

namespace ProxyProtocol.Robustness.Tests.Fuzz;

public sealed class FuzzRegressionTests
{
    private static readonly ProxyParserOptions V1Only = new() { AcceptedVersions = ProxyVersions.V1 };
    private static readonly ProxyParserOptions V2Only = new() { AcceptedVersions = ProxyVersions.V2 };

    [Theory]
    [MemberData(nameof(FuzzFindings.All), MemberType = typeof(FuzzFindings))]
    public void Finding_satisfies_its_target(string target, FuzzInput input) => FuzzTargets.All[target](input.Bytes);

    [Theory]
    [MemberData(nameof(FuzzFindings.All), MemberType = typeof(FuzzFindings))]
    public void Finding_gets_the_same_verdict_for_every_split(string target, FuzzInput input)
    {
        var bytes = target == "sequence" ? input.Bytes[2..] : input.Bytes;
        foreach (var options in new[] { ProxyParserOptions.Default, V1Only, V2Only })
        {
            SplitStability.AssertEveryPrefixAgrees(bytes, options);
        }
    }

    [Fact]
    public void Version_filter_waits_for_the_whole_signature()
    {
        Assert.Equal(ProxyParseResult.Incomplete, ProxyHeaderParser.Validate([0x0D, 0x0A, 0x0D], V1Only));
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.UnrecognizedSignature, 3), ProxyHeaderParser.Validate([0x0D, 0x0A, 0x0D, 0x1F], V1Only));
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.VersionNotAccepted, 0), ProxyHeaderParser.Validate(Convert.FromHexString("0d0a0d0a000d0a515549540a"), V1Only));
        Assert.Equal(ProxyParseResult.Incomplete, ProxyHeaderParser.Validate("PROXY"u8, V2Only));
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.VersionNotAccepted, 0), ProxyHeaderParser.Validate("PROXY "u8, V2Only));
    }

    [Theory]
    [InlineData("PROXY TCP4 1x2.0.2.1\r", ProxyError.V1InvalidSourceAddress, 11)]
    [InlineData("PROXY TCP4 1x2.0.2.1\n", ProxyError.V1InvalidSourceAddress, 11)]
    [InlineData("PROXY TCP4 192.0.2.1 198.51.100.2 +80 ", ProxyError.V1InvalidSourcePort, 34)]
    [InlineData("PROXY TCP4 192.0.2.1 198.51.100.2 80 44x\r\n", ProxyError.V1InvalidDestinationPort, 37)]
    [InlineData("PROXY TCP4 192.0.2.1 198.51.100.2 80 44x ", ProxyError.V1InvalidDestinationPort, 37)]
    public void V1_field_content_is_judged_before_its_separator(string line, ProxyError error, int offset)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(line);
        Assert.Equal(ProxyParseResult.Invalid(error, offset), ProxyHeaderParser.Validate(bytes));
        SplitStability.AssertEveryPrefixAgrees(bytes);
    }
}
