using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V2;

/// <summary>docs/spec-rules.md §RECV.3 (version detection) and §GEN.2 (configured, never guessed): what is not a header is invalid.</summary>
public sealed class VersionDetectionTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
    [InlineData("EHLO example.com\r\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("P")]
    public async Task Bytes_that_are_not_a_header_are_rejected_never_passed_through(string text)
    {
        var (result, _) = await ParseHarness.RunAsync(Hex.Ascii(text));
        Assert.False(result.IsComplete);
        if (text != "P" && text != "\r\n\r\n")
        {
            Assert.Equal(ProxyError.UnrecognizedSignature, result.Error);
        }
    }

    [Fact]
    public async Task TLS_client_hello_is_rejected() =>
        await ParseHarness.InvalidAsync(Hex.Bytes("160301 0200 010001fc 0303"), ProxyError.UnrecognizedSignature, 0);

    [Fact]
    public async Task Empty_input_is_incomplete_and_an_ended_connection_is_truncated() =>
        await ParseHarness.IncompleteAsync([]);

    [Fact]
    public async Task Receiver_accepting_only_v1_rejects_v2()
    {
        var options = new ProxyParserOptions { AcceptedVersions = ProxyVersions.V1 };
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block), ProxyError.VersionNotAccepted, 0, options);
        await ParseHarness.ValidAsync(Hex.Ascii("PROXY UNKNOWN\r\n"), options);
    }

    [Fact]
    public async Task Receiver_accepting_only_v2_rejects_v1()
    {
        var options = new ProxyParserOptions { AcceptedVersions = ProxyVersions.V2 };
        await ParseHarness.InvalidAsync(Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"), ProxyError.VersionNotAccepted, 0, options);
        await ParseHarness.ValidAsync(V2Bytes.Header(0x20, 0x00), options);
    }

    [Theory]
    [InlineData("0d0a0d0a00 47455420")]
    [InlineData("0d 47455420")]
    public async Task Receiver_accepting_only_v1_reports_a_broken_v2_signature_the_same_however_it_arrives(string hex) =>
        await ParseHarness.InvalidAsync(Hex.Bytes(hex), ProxyError.UnrecognizedSignature, options: new ProxyParserOptions { AcceptedVersions = ProxyVersions.V1 });

    [Theory]
    [InlineData("PROXYjunk")]
    [InlineData("PROXY\t")]
    public async Task Receiver_accepting_only_v2_reports_a_broken_v1_prefix_the_same_however_it_arrives(string text) =>
        Assert.True((await ParseHarness.RunAsync(Hex.Ascii(text), new ProxyParserOptions { AcceptedVersions = ProxyVersions.V2 })).Result.IsInvalid);

    [Fact]
    public async Task V2_signature_with_another_version_is_dropped_not_read_as_v1() =>
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x11, 0x11, V2Bytes.IPv4Block), ProxyError.V2UnsupportedVersion, 12);
}
