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
}
