using System.Diagnostics;
using System.Net;
using ProxyProtocol.Tool.Probe;

namespace ProxyProtocol.Tool.Tests;

public sealed class ProbeRunnerTests
{
    [Fact]
    public async Task ProbeRunner_ends_and_awaits_the_behaviours_when_a_case_throws()
    {
        // A server that answers a valid header at once and holds a half one for a minute.
        await using var server = ProbeTarget.StrictServer(headerTimeoutSeconds: 60);
        var broken = new ProbeCase("broken", ProbeExpectation.Reject, "a case whose bytes cannot be built", () => throw new InvalidOperationException("no bytes"));
        var settings = new ProbeSettings(
            IPEndPoint.Parse(server.Address), [1], false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), 4, [ProbeCases.All[0], broken], new HashSet<string> { ProbeBehaviours.Stall });

        await Assert.ThrowsAsync<InvalidOperationException>(() => ProbeRunner.RunAsync(settings, CancellationToken.None));

        // The stall would hold its connection for a minute: it was cancelled and awaited, so its connection is closed.
        var clock = Stopwatch.StartNew();
        while (server.Open > 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, server.Open);
    }
}
