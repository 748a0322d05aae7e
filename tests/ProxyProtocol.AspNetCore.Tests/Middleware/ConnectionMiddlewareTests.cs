using System.Net;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using ProxyProtocol.AspNetCore.Internal;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

public sealed class ConnectionMiddlewareTests
{
    private static readonly byte[] Payload = Headers.HttpGet();

    [Fact]
    public async Task V1_sets_endpoints_adds_feature_and_leaves_payload_intact()
    {
        using var harness = new ConnectionHarness();
        await harness.RunWithAsync(Headers.Concat(Headers.V1, Payload));

        Assert.True(harness.NextCalled);
        Assert.Equal(Headers.V4Source, harness.NextRemote);
        Assert.Equal(Headers.V4Destination, harness.NextLocal);
        Assert.Equal(Payload, harness.NextPayload);
        var feature = Assert.IsAssignableFrom<IProxyProtocolFeature>(harness.NextFeature);
        Assert.Equal(ProxyVersion.V1, feature.Header.Version);
        Assert.Equal(harness.SocketRemote, feature.SocketRemoteEndPoint);
        Assert.Equal(harness.SocketLocal, feature.SocketLocalEndPoint);
    }

    [Fact]
    public async Task Header_arriving_one_byte_at_a_time_is_assembled_and_payload_intact()
    {
        using var harness = new ConnectionHarness();
        var run = harness.RunAsync();
        var header = Headers.V2V6WithTlvs;
        foreach (var b in header[..^1])
        {
            await harness.ClientWriter.WriteAsync(new[] { b });
            await Task.Yield();
        }

        Assert.False(harness.NextCalled); // one byte short: nothing may reach the next layer
        await harness.ClientWriter.WriteAsync(Headers.Concat(header[^1..], Payload));
        await harness.ClientWriter.CompleteAsync();
        await run;

        Assert.True(harness.NextCalled);
        Assert.Equal(Headers.V6Source, harness.NextRemote);
        Assert.Equal(Headers.V6Destination, harness.NextLocal);
        Assert.Equal(Payload, harness.NextPayload);
        Assert.True(harness.NextFeature!.Header.TryGetTlv(0x02, out var authority));
        Assert.Equal("example.com", Encoding.ASCII.GetString(authority.Span));
        Assert.True(harness.NextFeature.Header.Crc32CVerified);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("unknown")]
    [InlineData("unix")]
    public async Task Headers_without_ip_endpoints_keep_the_socket_endpoints(string kind)
    {
        var header = kind switch
        {
            "local" => Headers.V2Local,
            "unknown" => Headers.V1Unknown,
            _ => new ProxyHeaderBuilder().ProxyUnix("/run/a.sock", "/run/b.sock").Build().Encode(),
        };
        using var harness = new ConnectionHarness();
        await harness.RunWithAsync(Headers.Concat(header, Payload));

        Assert.True(harness.NextCalled);
        Assert.Equal(harness.SocketRemote, harness.NextRemote);
        Assert.Equal(harness.SocketLocal, harness.NextLocal);
        Assert.NotNull(harness.NextFeature);
        Assert.Equal(Payload, harness.NextPayload);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "unrecognized_signature")]
    [InlineData("PROXY TCP4 010.0.0.1 10.0.0.1 1 2\r\n", "v1_invalid_source_address")]
    [InlineData("PROXY TCP4 1.2.3.4 10.0.0.1 1 2\n", "v1_invalid_line_ending")]
    public async Task Invalid_header_closes_before_next_counts_and_logs_without_bytes(string input, string reason)
    {
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Ascii(input));

        Assert.False(harness.NextCalled);
        Assert.True(harness.Context.Aborted);
        Assert.Equal([reason], metrics.RejectionReasons());
        var record = Assert.Single(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "HeaderRejected");
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains(reason, record.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:40000", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Host", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("010.0.0.1", record.Message, StringComparison.Ordinal);
        Assert.Single(metrics.Duration.GetMeasurementSnapshot());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Invalid_header_is_rejected_without_throwing(bool afterWaiting)
    {
        // A flood of malformed headers must not cost an exception each: only this test's flow is counted.
        var thrown = 0;
        var inTest = new AsyncLocal<bool> { Value = true };
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (inTest.Value && e.Exception is ProxyProtocolException)
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            using var harness = new ConnectionHarness();
            using var metrics = new Metrics(harness.Services);
            if (afterWaiting)
            {
                var run = harness.RunAsync(); // nothing buffered yet: the middleware waits for the header
                await harness.ClientWriter.WriteAsync(Headers.Ascii("PROXY TCP4 010.0.0.1 10.0.0.1 1 2\r\n"));
                await harness.ClientWriter.CompleteAsync();
                await run;
            }
            else
            {
                await harness.RunWithAsync(Headers.Ascii("PROXY TCP4 010.0.0.1 10.0.0.1 1 2\r\n"));
            }

            Assert.Equal(["v1_invalid_source_address"], metrics.RejectionReasons());
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
    }

    [Fact]
    public async Task Peer_closing_without_sending_anything_is_counted_as_empty_not_rejected_and_logged_at_debug_only()
    {
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync([]);

        Assert.False(harness.NextCalled);
        Assert.Empty(metrics.RejectionReasons());
        Assert.Equal(1, Metrics.Sum(metrics.Empty));
        Assert.Contains(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "ClosedEmpty");
        Assert.All(harness.Logger.Collector.GetSnapshot(), r => Assert.Equal(LogLevel.Debug, r.Level));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Peer_resetting_before_any_byte_is_empty_on_the_fast_path_and_while_waiting(bool waiting)
    {
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        Task run;
        if (waiting)
        {
            run = harness.RunAsync();
            await harness.ClientWriter.CompleteAsync(new ConnectionResetException("reset"));
        }
        else
        {
            await harness.ClientWriter.CompleteAsync(new ConnectionResetException("reset"));
            run = harness.RunAsync();
        }

        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(metrics.RejectionReasons());
        Assert.Equal(1, Metrics.Sum(metrics.Empty));
        Assert.All(harness.Logger.Collector.GetSnapshot(), r => Assert.Equal(LogLevel.Debug, r.Level));
    }

    [Fact]
    public async Task Stalled_header_times_out_closed_and_counted()
    {
        using var harness = new ConnectionHarness(o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromMilliseconds(200) });
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Ascii("PROXY TCP4 192.168"), complete: false);

        Assert.False(harness.NextCalled);
        Assert.Equal(["timeout"], metrics.RejectionReasons());
    }

    [Fact]
    public async Task Transport_aborted_mid_header_ends_the_read_as_truncated()
    {
        // What Kestrel's socket transport does on a reset or abort: it completes the input with the error (and only
        // then signals ConnectionClosed). Part of a header had arrived, so this is a protocol error, not a health check.
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        await harness.ClientWriter.WriteAsync(Headers.Ascii("PROXY TCP4 "));
        var run = harness.RunAsync();
        await harness.ClientWriter.CompleteAsync(new Microsoft.AspNetCore.Connections.ConnectionAbortedException());
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(harness.NextCalled);
        Assert.Equal(["truncated"], metrics.RejectionReasons());
        Assert.Equal(0, Metrics.Sum(metrics.Empty));
    }

    [Fact]
    public async Task Stalled_header_times_out_exactly_at_header_timeout()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var harness = new ConnectionHarness(o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(10) }, timeProvider: time);
        using var metrics = new Metrics(harness.Services);
        var run = harness.RunAsync();
        await harness.ClientWriter.WriteAsync(Headers.Ascii("PROXY TCP4 192.168"));
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(run.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(harness.NextCalled);
        Assert.Equal(["timeout"], metrics.RejectionReasons());
    }

    /// <summary>
    /// Reuse needs the system clock: <see cref="CancellationTokenSource.TryReset"/> refuses a source whose timer came from
    /// any other <see cref="TimeProvider"/>, so with a fake clock every source is disposed and none comes back.
    /// </summary>
    [Fact]
    public void Pooled_timeouts_with_the_system_clock_an_unfired_source_comes_back_uncancelled_a_fired_one_never()
    {
        var pool = HeaderTimeoutPolicy.CreatePool(TimeProvider.System);
        var source = pool.Get();
        source.CancelAfter(TimeSpan.FromHours(1));
        pool.Return(source);
        var reused = pool.Get();
        Assert.Same(source, reused);
        Assert.False(reused.IsCancellationRequested);

        reused.CancelAfter(TimeSpan.FromMilliseconds(1));
        Assert.True(reused.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        pool.Return(reused);
        var fresh = pool.Get();
        Assert.NotSame(reused, fresh);
        Assert.False(fresh.IsCancellationRequested);
        Assert.Throws<ObjectDisposedException>(() => reused.CancelAfter(1)); // the pool disposed it

        var fake = HeaderTimeoutPolicy.CreatePool(new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        var unused = fake.Get();
        fake.Return(unused);
        Assert.NotSame(unused, fake.Get());
    }

    [Fact]
    public async Task Pooled_timeouts_with_the_system_clock_a_reused_source_is_not_ended_by_its_previous_connections_close_request()
    {
        using var harness = new ConnectionHarness(o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(30) });
        using var metrics = new Metrics(harness.Services);

        // 1: reads its header on the wait path, so its source goes back to the pool unfired, for connection 2.
        var notification = new LifetimeNotification();
        harness.Context.Features.Set<IConnectionLifetimeNotificationFeature>(notification);
        var first = harness.RunAsync();
        await harness.ClientWriter.WriteAsync(Headers.V1);
        await WaitUntilAsync(() => harness.NextCalled);
        await harness.ClientWriter.CompleteAsync();
        await first.WaitAsync(TimeSpan.FromSeconds(5));

        // 2: waits with that source when connection 1's close request comes.
        harness.NewConnection();
        var second = harness.RunAsync();
        notification.RequestClose();
        await Task.Delay(200);
        Assert.False(second.IsCompleted, "connection 2's wait ended with connection 1's close request");
        await harness.ClientWriter.WriteAsync(Headers.Concat(Headers.V1, Payload));
        await harness.ClientWriter.CompleteAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(Payload, harness.NextPayload);
        Assert.Equal(2, Metrics.Sum(metrics.Accepted));
        Assert.Empty(metrics.EndedReadReasons());
    }

    [Fact]
    public async Task Pooled_timeouts_are_not_reused_after_they_fired_or_while_their_close_request_can_still_fire()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var harness = new ConnectionHarness(o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(10) }, timeProvider: time);
        using var metrics = new Metrics(harness.Services);

        // 1: times out (its source fired, so it must not come back from the pool armed or cancelled).
        var first = harness.RunAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        await first.WaitAsync(TimeSpan.FromSeconds(5));

        // 2: reads its header on the wait path; its close request fires later, after its source went back to the pool.
        harness.NewConnection();
        var notification = new LifetimeNotification();
        harness.Context.Features.Set<IConnectionLifetimeNotificationFeature>(notification);
        var second = harness.RunAsync();
        await harness.ClientWriter.WriteAsync(Headers.V1);
        await WaitUntilAsync(() => harness.NextCalled);
        await harness.ClientWriter.CompleteAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(5));

        // 3: waits with whatever source the pool hands out; neither the old close request nor a fresh start of the clock
        // may end it before its own full timeout.
        harness.NewConnection();
        var third = harness.RunAsync();
        notification.RequestClose();
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["timeout", "timeout"], metrics.RejectionReasons());
    }

    [Fact]
    public async Task Pending_read_cancelled_by_another_component_closes_the_connection_without_an_unhandled_error()
    {
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        await harness.ClientWriter.WriteAsync(Headers.Ascii("PROXY TCP4 "));
        var run = harness.RunAsync();
        harness.Context.Transport.Input.CancelPendingRead();
        await run.WaitAsync(TimeSpan.FromSeconds(5)); // completes, does not throw

        Assert.False(harness.NextCalled);
        Assert.True(harness.Context.Aborted);
        Assert.Empty(metrics.RejectionReasons()); // not a protocol error
        Assert.Equal(["cancelled"], metrics.EndedReadReasons());
    }

    [Fact]
    public async Task Pending_read_cancelled_before_the_middleware_runs_closes_the_connection()
    {
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        await harness.ClientWriter.WriteAsync(Headers.Ascii("PROXY TCP4 ")); // undecided, so the cancellation counts
        harness.Context.Transport.Input.CancelPendingRead();
        await harness.RunAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(harness.NextCalled);
        Assert.Empty(metrics.RejectionReasons());
        Assert.Equal(["cancelled"], metrics.EndedReadReasons());
    }

    [Fact]
    public async Task Header_arriving_while_waiting_is_accepted_and_the_payload_is_untouched()
    {
        using var harness = new ConnectionHarness(o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(30) });
        var run = harness.RunAsync(); // nothing buffered yet: the wait path
        var bytes = Headers.Concat(Headers.V2V4, Payload);
        foreach (var b in bytes)
        {
            await harness.ClientWriter.WriteAsync(new[] { b });
        }

        await harness.ClientWriter.CompleteAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(harness.NextCalled);
        Assert.Equal(Headers.V4Source, harness.NextRemote);
        Assert.Equal(Payload, harness.NextPayload);
    }

    [Fact]
    public async Task Header_read_on_the_wait_path_leaves_no_cancellation_for_the_next_layer_when_deadline_and_close_request_follow()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var harness = new ConnectionHarness(o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(2) }, timeProvider: time);
        var notification = new LifetimeNotification();
        harness.Context.Features.Set<IConnectionLifetimeNotificationFeature>(notification);
        var run = harness.RunAsync(); // nothing buffered: a wait begins
        await harness.ClientWriter.WriteAsync(Headers.Concat(Headers.V1, Payload[..3]));
        await WaitUntilAsync(() => harness.NextCalled);

        notification.RequestClose();            // a close request after the header: not the header wait's business
        time.Advance(TimeSpan.FromSeconds(10)); // past the deadline and many polls: the ended wait is gone
        await harness.ClientWriter.WriteAsync(Payload[3..]);
        await harness.ClientWriter.CompleteAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(harness.NextSawCancellation);
        Assert.Equal(Payload, harness.NextPayload);
    }

    [Fact]
    public async Task Close_requested_before_the_header_arrives_ends_the_wait_at_once_as_shutdown()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var harness = new ConnectionHarness(timeProvider: time);
        using var metrics = new Metrics(harness.Services);
        var notification = new LifetimeNotification();
        harness.Context.Features.Set<IConnectionLifetimeNotificationFeature>(notification);
        var run = harness.RunAsync();
        notification.RequestClose(); // no time passes
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(harness.NextCalled);
        Assert.Empty(metrics.RejectionReasons());
        Assert.Equal(["shutdown"], metrics.EndedReadReasons());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Server_asking_connections_to_close_ends_the_read_as_shutdown()
    {
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        var notification = new LifetimeNotification();
        harness.Context.Features.Set<IConnectionLifetimeNotificationFeature>(notification);
        var run = harness.RunAsync();
        notification.RequestClose();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(harness.NextCalled);
        Assert.Empty(metrics.RejectionReasons());
        Assert.Equal(["shutdown"], metrics.EndedReadReasons());
    }

    [Fact]
    public async Task Trusted_peer_is_read()
    {
        using var harness = new ConnectionHarness(o => o.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8")));
        await harness.RunWithAsync(Headers.Concat(Headers.V1, Payload));
        Assert.Equal(Headers.V4Source, harness.NextRemote);
    }

    [Fact]
    public async Task IPv4_mapped_peer_is_matched_as_ipv4()
    {
        using var harness = new ConnectionHarness(o => o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8")), remote: IPEndPoint.Parse("[::ffff:10.1.2.3]:5000"));
        await harness.RunWithAsync(Headers.Concat(Headers.V1, Payload));
        Assert.Equal(Headers.V4Source, harness.NextRemote);
    }

    [Fact]
    public async Task Untrusted_peer_reject_closes_without_reading()
    {
        using var harness = new ConnectionHarness(o => o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8")));
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Concat(Headers.V1, Payload));

        Assert.False(harness.NextCalled);
        Assert.True(harness.Context.Aborted);
        Assert.Empty(metrics.RejectionReasons()); // a policy, not a protocol error: counted by untrusted_peers
        var measurement = Assert.Single(metrics.UntrustedPeers.GetMeasurementSnapshot());
        Assert.Equal("reject", measurement.Tags[ProxyProtocolMetrics.PolicyTag]);
        Assert.Contains(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "UntrustedPeerRejected" && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Untrusted_peer_skip_passes_the_connection_through_untouched()
    {
        using var harness = new ConnectionHarness(o =>
        {
            o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8"));
            o.UntrustedPeerPolicy = UntrustedPeerPolicy.Skip;
        });
        using var metrics = new Metrics(harness.Services);
        var bytes = Headers.Concat(Headers.V1, Payload);
        await harness.RunWithAsync(bytes);

        Assert.True(harness.NextCalled);
        Assert.Equal(harness.SocketRemote, harness.NextRemote);
        Assert.Null(harness.NextFeature);
        Assert.Equal(bytes, harness.NextPayload); // not read: a direct client's bytes are the app's
        Assert.Equal("skip", Assert.Single(metrics.UntrustedPeers.GetMeasurementSnapshot()).Tags[ProxyProtocolMetrics.PolicyTag]);
        Assert.Empty(metrics.RejectionReasons());
    }

    [Fact]
    public async Task Unix_socket_peer_is_not_filtered_by_ip_networks()
    {
        using var harness = new ConnectionHarness(o => o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8")), remote: new System.Net.Sockets.UnixDomainSocketEndPoint("/tmp/x.sock"));
        await harness.RunWithAsync(Headers.Concat(Headers.V1, Payload));
        Assert.Equal(Headers.V4Source, harness.NextRemote);
    }

    [Fact]
    public async Task Crc32C_mismatch_is_rejected_by_default_and_counted()
    {
        var header = CorruptCrc(Headers.V2V6WithTlvs);
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Concat(header, Payload));

        Assert.False(harness.NextCalled);
        Assert.Equal(["v2_crc32c_mismatch"], metrics.RejectionReasons());
        Assert.Equal(1, Metrics.Sum(metrics.Crc32CMismatches));
    }

    [Fact]
    public async Task Crc32C_mismatch_accepted_when_allowed_is_counted_and_warned()
    {
        var header = CorruptCrc(Headers.V2V6WithTlvs);
        using var harness = new ConnectionHarness(o => o.Parser = o.Parser with { RejectCrc32CMismatch = false });
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Concat(header, Payload));

        Assert.True(harness.NextCalled);
        Assert.False(harness.NextFeature!.Header.Crc32CVerified);
        Assert.Equal(1, Metrics.Sum(metrics.Crc32CMismatches));
        Assert.Contains(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "Crc32CMismatchAccepted" && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Limits_from_options_apply()
    {
        using (var harness = new ConnectionHarness(o => o.Parser = o.Parser with { AcceptedVersions = ProxyVersions.V2 }))
        using (var metrics = new Metrics(harness.Services))
        {
            await harness.RunWithAsync(Headers.Concat(Headers.V1, Payload));
            Assert.Equal(["version_not_accepted"], metrics.RejectionReasons());
        }

        var big = new ProxyHeaderBuilder().Proxy(Headers.V4Source, Headers.V4Destination).AddTlv(0xE0, new byte[200]).Build().Encode();
        using (var harness = new ConnectionHarness(o => o.Parser = o.Parser with { MaxHeaderLength = 128 }))
        using (var metrics = new Metrics(harness.Services))
        {
            await harness.RunWithAsync(Headers.Concat(big, Payload));
            Assert.Equal(["v2_header_too_large"], metrics.RejectionReasons());
        }
    }

    [Fact]
    public async Task Accepted_headers_are_counted_by_version_and_command_with_duration()
    {
        using var harness = new ConnectionHarness();
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Concat(Headers.V2Local, Payload));

        var accepted = Assert.Single(metrics.Accepted.GetMeasurementSnapshot());
        Assert.Equal("2", accepted.Tags[ProxyProtocolMetrics.VersionTag]);
        Assert.Equal("local", accepted.Tags[ProxyProtocolMetrics.CommandTag]);
        var duration = Assert.Single(metrics.Duration.GetMeasurementSnapshot());
        Assert.InRange(duration.Value, 0, 5);
        Assert.Contains(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "HeaderAccepted" && r.Level == LogLevel.Debug);
    }

    private static byte[] CorruptCrc(byte[] header)
    {
        var copy = (byte[])header.Clone();
        copy[^1] ^= 0xFF; // the CRC32C TLV is last
        return copy;
    }

    private sealed class LifetimeNotification : IConnectionLifetimeNotificationFeature
    {
        private readonly CancellationTokenSource _source = new();

        public CancellationToken ConnectionClosedRequested
        {
            get => _source.Token;
            set => throw new NotSupportedException();
        }

        public void RequestClose() => _source.Cancel();
    }
}
