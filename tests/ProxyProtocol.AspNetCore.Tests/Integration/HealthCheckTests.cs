using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;
using static ProxyProtocol.AspNetCore.Tests.Infrastructure.RawClient;
using static ProxyProtocol.Tests.Shared.HttpReply;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>
/// What balancers' health checks do to a PROXY endpoint: AWS NLB, GCP and HAProxy's plain <c>check</c> connect and
/// close without a byte (HAProxy with a reset); HAProxy's <c>check-send-proxy</c> and NLB's proxy-protocol checks send a
/// v2 LOCAL header. None is a rejection or a warning.
/// </summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task Connect_and_close_with_fin_or_reset_is_counted_as_empty_not_rejected_and_logs_no_warning()
    {
        await using var app = await TestKestrelApp.StartAsync();
        using var metrics = new Metrics(app.App.Services);
        for (var i = 0; i < 5; i++)
        {
            using (var socket = await RawTcp.ConnectAsync(app.EndPoint))
            {
                socket.Shutdown(SocketShutdown.Send); // FIN, then wait for the server to close
                Assert.Equal(string.Empty, await ReadToEndAsync(socket));
            }

            using (var socket = await RawTcp.ConnectAsync(app.EndPoint))
            {
                socket.LingerState = new LingerOption(true, 0); // close with a reset, as HAProxy's checks do
                await Task.Delay(20);
            }
        }

        await WaitUntilAsync(() => Metrics.Sum(metrics.Empty) == 10);
        Assert.Equal(10, Metrics.Sum(metrics.Empty));
        Assert.Empty(metrics.RejectionReasons());
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Category == "ProxyProtocol.AspNetCore" && r.Level >= LogLevel.Warning && r.Id.Name != "NoTrustedNetworks");
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "ClosedEmpty" && r.Level == LogLevel.Debug);
        Assert.Equal(0, app.Requests);
    }

    [Fact]
    public async Task Local_header_check_is_an_accepted_header_that_keeps_the_balancers_address()
    {
        await using var app = await TestKestrelApp.StartAsync();
        using var metrics = new Metrics(app.App.Services);

        // NLB's check carries a TLV of type 0 after the LOCAL header.
        var local = Convert.FromHexString("0d0a0d0a000d0a515549540a200000040000015a");
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(local, Headers.HttpGet())));
        Assert.StartsWith("127.0.0.1:", Line(body, "remote"), StringComparison.Ordinal);
        Assert.Equal("local", Assert.Single(metrics.Accepted.GetMeasurementSnapshot()).Tags[ProxyProtocol.AspNetCore.Internal.ProxyProtocolMetrics.CommandTag]);
        Assert.Empty(metrics.RejectionReasons());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
    }
}
