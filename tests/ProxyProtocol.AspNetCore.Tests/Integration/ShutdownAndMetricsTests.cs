using System.Diagnostics;
using System.Net.Sockets;
using ProxyProtocol.AspNetCore.Internal;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;
using static ProxyProtocol.AspNetCore.Tests.Infrastructure.RawClient;
using static ProxyProtocol.Tests.Shared.HttpReply;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

public sealed class ShutdownAndMetricsTests
{
    [Fact]
    public async Task Shutdown_with_headers_pending_ends_the_reads_at_once()
    {
        var app = await TestKestrelApp.StartAsync(); // HeaderTimeout stays at 10 s: shutdown must not wait for it
        using var metrics = new Metrics(app.App.Services);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var socket = await RawTcp.ConnectAsync(app.EndPoint);
                await socket.SendAsync(Headers.Ascii("PROXY TCP4 192.168.1."));
                sockets.Add(socket);
            }

            await Task.Delay(200); // let Kestrel hand the three connections to the middleware

            var stopwatch = Stopwatch.StartNew();
            await app.DisposeAsync();
            stopwatch.Stop();

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"stop took {stopwatch.Elapsed}");
            foreach (var socket in sockets)
            {
                Assert.Equal(string.Empty, await ReadToEndAsync(socket));
            }

            Assert.Empty(metrics.RejectionReasons());
            Assert.Equal(["shutdown", "shutdown", "shutdown"], metrics.EndedReadReasons());
            Assert.Equal(0, app.Requests);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Metrics_count_accepted_and_rejected_connections_by_tag()
    {
        await using var app = await TestKestrelApp.StartAsync();
        using var metrics = new Metrics(app.App.Services);
        Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet())));
        Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2V4, Headers.HttpGet())));
        Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2Local, Headers.HttpGet())));
        await ExchangeAsync(app.EndPoint, Headers.HttpGet());
        var badCrc = Headers.V2V6WithTlvs;
        badCrc[^1] ^= 1;
        await ExchangeAsync(app.EndPoint, Headers.Concat(badCrc, Headers.HttpGet()));
        await WaitUntilAsync(() => metrics.Duration.GetMeasurementSnapshot().Count == 5);

        var accepted = metrics.Accepted.GetMeasurementSnapshot()
            .Select(m => $"{m.Tags[ProxyProtocolMetrics.VersionTag]}/{m.Tags[ProxyProtocolMetrics.CommandTag]}")
            .Order().ToArray();
        Assert.Equal(["1/proxy", "2/local", "2/proxy"], accepted);
        Assert.Equal(["unrecognized_signature", "v2_crc32c_mismatch"], metrics.RejectionReasons().Order().ToList());
        Assert.Equal(1, Metrics.Sum(metrics.Crc32CMismatches));
        Assert.All(metrics.Duration.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, 10));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
