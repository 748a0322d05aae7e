using System.Diagnostics;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>
/// Slowloris: 2,000 connections stall mid-header. A normal client is still served promptly (compared with the idle
/// server in the same run), the stalled ones are closed at the header timeout, and the server's memory per stalled
/// connection is measured and bounded.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class StalledConnectionsTests(ITestOutputHelper output)
{
    private const int Stalled = 2000;
    private const int Samples = 40;
    private static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Stalled_connections_do_not_starve_clients_and_close_at_the_timeout()
    {
        var limit = FileLimit.EnsureAtLeast(3 * Stalled);
        Assert.True(limit >= 2 * Stalled + 200, $"open-file limit {limit} is too low for {Stalled} stalled connections");
        await using var server = await ServerProcess.StartAsync(HeaderTimeout);
        var header = Wire.V2(Wire.Client4, Wire.Server4);

        for (var i = 0; i < 20; i++)
        {
            await Wire.TimedRequestAsync(server.ProxyEndPoint, header); // warm up JIT and pools
        }

        var idleStats = await server.StatsAsync(collect: true);
        var idle = await LatenciesAsync(server, header);

        // Half stall inside a v2 header, half inside a v1 line: both are valid prefixes, so only the timeout ends them.
        var v1 = "PROXY TCP4 192.0.2.10 198.51"u8.ToArray();
        var sockets = new Socket[Stalled];
        var sentAt = new long[Stalled]; // when each connect began
        await Parallel.ForAsync(0, Stalled, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            sentAt[i] = Stopwatch.GetTimestamp(); // before connecting: the server's clock starts no earlier than this
            var socket = await RawTcp.ConnectAsync(server.ProxyEndPoint, ct);
            await socket.SendAsync(i % 2 == 0 ? header.AsMemory(0, 20) : v1, ct);
            sockets[i] = socket;
        });
        var opened = Stopwatch.GetTimestamp();

        var loadedStats = await server.StatsAsync(collect: true);
        var loaded = await LatenciesAsync(server, header);
        var loadedDone = Stopwatch.GetTimestamp();

        // Every stalled connection must be closed by the server, at the timeout.
        var closedAfter = new TimeSpan[Stalled];
        await Parallel.ForAsync(0, Stalled, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) =>
        {
            var reply = await RawTcp.ReadToCloseAsync(sockets[i], HeaderTimeout + TimeSpan.FromSeconds(20));
            closedAfter[i] = Stopwatch.GetElapsedTime(sentAt[i]);
            Assert.NotNull(reply);
            Assert.Empty(reply);
            sockets[i].Dispose();
        });

        await Task.Delay(500);
        var afterStats = await server.StatsAsync(collect: true);

        var heapPer = (double)(loadedStats.Heap - idleStats.Heap) / Stalled;
        var rssPer = (double)(loadedStats.Rss - idleStats.Rss) / Stalled;
        output.WriteLine($"stalled connections: {Stalled}, header timeout {HeaderTimeout.TotalSeconds} s, opened in {Stopwatch.GetElapsedTime(0, opened - sentAt.Min()).TotalMilliseconds:F0} ms");
        output.WriteLine($"server connections: idle {idleStats.Connections}, stalled {loadedStats.Connections}, after {afterStats.Connections}");
        output.WriteLine($"latency idle:   p50 {Wire.Percentile(idle, 0.5):F1} ms, p95 {Wire.Percentile(idle, 0.95):F1} ms, max {Wire.Percentile(idle, 1):F1} ms");
        output.WriteLine($"latency loaded: p50 {Wire.Percentile(loaded, 0.5):F1} ms, p95 {Wire.Percentile(loaded, 0.95):F1} ms, max {Wire.Percentile(loaded, 1):F1} ms (measured {Stopwatch.GetElapsedTime(opened, loadedDone).TotalMilliseconds:F0} ms after the stall began)");
        output.WriteLine($"memory per stalled connection: managed heap {heapPer / 1024:F1} KiB, RSS {rssPer / 1024:F1} KiB (heap {idleStats.Heap / 1024} -> {loadedStats.Heap / 1024} KiB, RSS {idleStats.Rss / 1024} -> {loadedStats.Rss / 1024} KiB)");
        output.WriteLine($"closed after: min {closedAfter.Min().TotalSeconds:F2} s, max {closedAfter.Max().TotalSeconds:F2} s; handles idle {idleStats.Handles}, stalled {loadedStats.Handles}, after {afterStats.Handles}");
        output.WriteLine($"server logs: warnings {afterStats.Warnings}, errors {afterStats.Errors}; rejected.timeout {afterStats["rejected.timeout"]}");

        // The loaded measurements ran while all stalled connections were open (well before the timeout).
        Assert.True(Stopwatch.GetElapsedTime(sentAt.Max(), loadedDone) < HeaderTimeout, "latency was not measured under load");
        Assert.True(loadedStats.Connections >= idleStats.Connections + Stalled, $"server held {loadedStats.Connections} connections");
        Assert.True(Wire.Percentile(loaded, 0.5) <= Math.Max(50, 10 * Wire.Percentile(idle, 0.5)), "median latency under the stall is far above idle");
        Assert.True(Wire.Percentile(loaded, 0.95) <= 1000, "p95 latency under the stall is above 1 s");

        // Closed at the timeout: not before it, and not long after (2,000 timers fire at once on 2 cores).
        Assert.True(closedAfter.Min() >= HeaderTimeout - TimeSpan.FromMilliseconds(100), $"closed before the timeout: {closedAfter.Min()}");
        Assert.True(closedAfter.Max() <= HeaderTimeout + TimeSpan.FromSeconds(5), $"closed late: {closedAfter.Max()}");
        Assert.Equal(idleStats.Connections, afterStats.Connections);
        Assert.True(afterStats["rejected.timeout"] >= Stalled);

        // Bounded memory: a stalled connection holds a socket, Kestrel's connection state and one pipe segment.
        Assert.True(heapPer <= 16 * 1024, $"managed heap per stalled connection {heapPer:F0} B");
        Assert.True(rssPer <= 64 * 1024, $"RSS per stalled connection {rssPer:F0} B");
        Assert.True(afterStats.Handles <= idleStats.Handles + 10, $"handles {idleStats.Handles} -> {afterStats.Handles}");
        Assert.Equal(0, afterStats.Errors);
        Assert.True(afterStats.Warnings <= 2 * 11, $"{afterStats.Warnings} warnings for {Stalled} timeouts");
    }

    private static async Task<List<TimeSpan>> LatenciesAsync(ServerProcess server, byte[] header)
    {
        var samples = new List<TimeSpan>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var (body, elapsed) = await Wire.TimedRequestAsync(server.ProxyEndPoint, header);
            Assert.Equal("remote=192.0.2.10:50000", body);
            samples.Add(elapsed);
        }

        return samples;
    }
}
