using System.Net;
using ProxyProtocol.Tool.Probe;

namespace ProxyProtocol.Tool.Tests;

/// <summary>Verdicts and report lines for outcomes a live server rarely produces on demand.</summary>
public sealed class ProbeReportTests
{
    [Fact]
    public void A_case_that_could_not_connect_is_a_failure_even_where_the_spec_allows_a_drop()
    {
        var outcome = new ProbeOutcome(ProbeObserved.Rejected, [], TimeSpan.FromMilliseconds(1), false, new ProbeFailure(Connected: false, "ConnectionRefused"));
        var result = new ProbeResult(Case("v2-unspec"), ExpectAccept: true, outcome, Claimed: null);

        Assert.False(result.Allowed);
        Assert.False(result.Ok);
        var row = Row(Report(result).ToText(), "v2-unspec");
        Assert.Matches(@"^v2-unspec +accept +rejected +FAIL +could not connect: ConnectionRefused$", row);
        Assert.DoesNotContain("allows", Report(result).ToText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2-crc32c-wrong")]   // a receiver checks a CRC32C only when it supports the checksum
    [InlineData("v2-two-crc32c")]
    [InlineData("v2-tlv-overrun")]    // a receiver may skip the TLVs unread
    [InlineData("v2-unique-id-129")]
    [InlineData("v1-no-crlf-in-107")] // the receiver SHOULD declare the line invalid
    public void An_invalid_header_the_spec_lets_a_receiver_accept_is_allowed_when_accepted_and_ok_when_rejected(string name)
    {
        var accepted = new ProbeResult(Case(name), ExpectAccept: false, Replied, Claimed: null);
        Assert.True(accepted.Ok);
        Assert.Matches($@"^{name} +reject +accepted +allowed +replied after 0.001 s: HTTP/1.1 200 OK \(allowed: .+\)$", Row(Report(accepted).ToText(), name));
        Assert.Contains("(1 of them allowed: the spec permits, but does not require, what the server did)", Report(accepted).ToText(), StringComparison.Ordinal);

        var rejected = new ProbeResult(Case(name), ExpectAccept: false, Closed, Claimed: null);
        Assert.True(rejected.Ok);
        Assert.Matches($@"^{name} +reject +rejected +ok +closed after", Row(Report(rejected).ToText(), name));
    }

    [Fact]
    public void An_invalid_header_every_receiver_must_reject_fails_when_accepted()
    {
        var accepted = new ProbeResult(Case("v2-command-2"), ExpectAccept: false, Replied, Claimed: null);
        Assert.False(accepted.Ok);
        Assert.Matches(@"^v2-command-2 +reject +accepted +FAIL +replied after", Row(Report(accepted).ToText(), "v2-command-2"));
    }

    [Theory]
    [InlineData("v1-ipv4-leading-zero", "addr=198.51.100.099 port=40016", "; shows the claimed client as sent, 198.51.100.099")] // nginx's $proxy_protocol_addr
    [InlineData("v1-ipv4-leading-zero", "src=198.51.100.99 sport=40016", "; shows the claimed client 198.51.100.99")]          // HAProxy's %[src]
    [InlineData("v1-ipv4-octal", "addr=0306.0063.0144.0142 port=40017", "; shows the claimed client as sent, 0306.0063.0144.0142")]
    public void Report_shows_the_claimed_client_when_the_reply_echoes_it_parsed_or_as_sent(string name, string body, string expected)
    {
        var c = Case(name);
        var bytes = c.Build();
        var outcome = new ProbeOutcome(ProbeObserved.Accepted, System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n\r\n" + body), TimeSpan.FromMilliseconds(1), false);
        var result = new ProbeResult(c, ExpectAccept: false, outcome, bytes.Claimed, bytes.ClaimedAsSent);

        Assert.EndsWith(expected, Row(result, name), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_does_not_show_a_claimed_client_when_the_reply_holds_a_longer_address()
    {
        var c = Case("v1-ipv4-leading-zero");
        var bytes = c.Build();
        var outcome = new ProbeOutcome(ProbeObserved.Accepted, "addr=198.51.100.0990 198.51.100.991"u8.ToArray(), TimeSpan.FromMilliseconds(1), false);
        Assert.DoesNotContain("shows", Row(new ProbeResult(c, ExpectAccept: false, outcome, bytes.Claimed, bytes.ClaimedAsSent), c.Name), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_counts_one_case_in_the_singular_when_one_case_ran()
    {
        var one = new ProbeResult(Case("v2-command-2"), ExpectAccept: false, Closed, Claimed: null);
        Assert.StartsWith("proxyproto probe 127.0.0.1:1: 1 case, 4 at a time, 5 s each\n", Report(one).ToText(), StringComparison.Ordinal);

        var two = new ProbeResult(Case("v2-version-3"), ExpectAccept: false, Closed, Claimed: null);
        Assert.StartsWith("proxyproto probe 127.0.0.1:1: 2 cases, 4 at a time, 5 s each\n", Report(one, two).ToText(), StringComparison.Ordinal);
    }

    private static ProbeOutcome Replied => new(ProbeObserved.Accepted, "HTTP/1.1 200 OK\r\n\r\n"u8.ToArray(), TimeSpan.FromMilliseconds(1), false);

    private static ProbeOutcome Closed => new(ProbeObserved.Rejected, [], TimeSpan.FromMilliseconds(1), false);

    private static ProbeReport Report(params ProbeResult[] results)
    {
        var settings = new ProbeSettings(
            new IPEndPoint(IPAddress.Loopback, 1), [], false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), 4, [.. results.Select(r => r.Case)], new HashSet<string>());
        return new ProbeReport("127.0.0.1:1", settings, new ProbeRun(results, null, null, null));
    }

    internal static string Row(ProbeResult result, string name) => Row(Report(result).ToText(), name);

    private static string Row(string text, string name) =>
        text.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));

    private static ProbeCase Case(string name) => ProbeCases.All.Single(c => c.Name == name);
}
