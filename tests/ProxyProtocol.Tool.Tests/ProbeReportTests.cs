using System.Net;
using ProxyProtocol.Tool.Probe;

namespace ProxyProtocol.Tool.Tests;

/// <summary>Verdicts and report lines for outcomes a live server rarely produces on demand.</summary>
public sealed class ProbeReportTests
{
    [Fact]
    public void ACaseThatCouldNotConnect_IsAFailure_EvenWhereTheSpecAllowsADrop()
    {
        var outcome = new ProbeOutcome(ProbeObserved.Rejected, [], TimeSpan.FromMilliseconds(1), false, "ConnectionRefused");
        var result = new ProbeResult(Case("v2-unspec"), ExpectAccept: true, outcome, Claimed: null);

        Assert.False(result.Dropped);
        Assert.False(result.Ok);
        var row = Row(Report(result).ToText(), "v2-unspec");
        Assert.Matches(@"^v2-unspec +accept +rejected +FAIL +could not connect: ConnectionRefused$", row);
        Assert.DoesNotContain("dropped", Report(result).ToText(), StringComparison.Ordinal);
    }

    private static ProbeReport Report(params ProbeResult[] results)
    {
        var settings = new ProbeSettings(
            new IPEndPoint(IPAddress.Loopback, 1), [], false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), 4, [.. results.Select(r => r.Case)], new HashSet<string>());
        return new ProbeReport("127.0.0.1:1", settings, new ProbeRun(results, null, null, null));
    }

    private static string Row(string text, string name) =>
        text.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));

    private static ProbeCase Case(string name) => ProbeCases.All.Single(c => c.Name == name);
}
