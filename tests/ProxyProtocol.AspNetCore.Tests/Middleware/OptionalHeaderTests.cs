using System.Net;
using System.Text;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

/// <summary>
/// <see cref="ProxyProtocolOptions.HeaderRequired"/> off: a connection whose first bytes cannot begin a signature goes
/// on at once, decided on the first byte that differs from both signatures; one that begins with a signature must
/// still complete a valid header.
/// </summary>
public sealed class OptionalHeaderTests
{
    private static readonly byte[] V2Signature = "\r\n\r\n\0\r\nQUIT\n"u8.ToArray();

    public static TheoryData<string> ClientFirstOpenings => new()
    {
        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
        "PUT /x HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "PROPFIND / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", // a TLS ClientHello's record header
    };

    [Theory]
    [MemberData(nameof(ClientFirstOpenings))]
    public async Task Client_first_bytes_go_on_at_the_first_byte_that_rules_out_a_signature_untouched(string opening)
    {
        var bytes = Encoding.Latin1.GetBytes(opening);
        var decidingByte = Math.Max(CommonPrefix(bytes, "PROXY "u8), CommonPrefix(bytes, V2Signature)) + 1;
        using var harness = new ConnectionHarness(o => o.HeaderRequired = false);
        using var metrics = new Metrics(harness.Services);
        var run = harness.RunAsync();
        for (var i = 0; i < bytes.Length; i++)
        {
            await harness.ClientWriter.WriteAsync(bytes.AsMemory(i, 1));
            if (i + 1 < decidingByte)
            {
                await Task.Delay(20);
                Assert.False(harness.NextCalled, $"decided after {i + 1} bytes, before byte {decidingByte}");
            }
            else
            {
                await WaitUntilAsync(() => harness.NextCalled); // no further byte needed
            }
        }

        await harness.ClientWriter.CompleteAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(bytes, harness.NextPayload);
        Assert.Equal(harness.SocketRemote, harness.NextRemote);
        Assert.Null(harness.NextFeature);
        Assert.Equal(1, Metrics.Sum(metrics.WithoutHeader));
        Assert.Empty(metrics.RejectionReasons());
    }

    public static TheoryData<string, int> SignaturePrefixes()
    {
        var data = new TheoryData<string, int>();
        for (var length = 1; length < "PROXY ".Length; length++)
        {
            data.Add("v1", length);
        }

        for (var length = 1; length < V2Signature.Length; length++)
        {
            data.Add("v2", length);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SignaturePrefixes))]
    public async Task Every_proper_prefix_of_a_signature_waits_then_the_header_is_applied(string version, int length)
    {
        var header = Headers.Concat(version == "v1" ? Headers.V1 : Headers.V2V4, Headers.HttpGet());
        using var harness = new ConnectionHarness(o => o.HeaderRequired = false);
        var run = harness.RunAsync();
        await harness.ClientWriter.WriteAsync(header.AsMemory(0, length));
        await Task.Delay(20);
        Assert.False(harness.NextCalled, $"went on after {length} bytes of the {version} signature");
        Assert.False(run.IsCompleted);

        await harness.ClientWriter.WriteAsync(header.AsMemory(length));
        await harness.ClientWriter.CompleteAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Headers.V4Source, harness.NextRemote);
        Assert.Equal(Headers.HttpGet(), harness.NextPayload);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_header_is_still_read_and_applied(string version)
    {
        using var harness = new ConnectionHarness(o => o.HeaderRequired = false);
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Concat(version == "v1" ? Headers.V1 : Headers.V2V4, Headers.HttpGet()));
        Assert.Equal(Headers.V4Source, harness.NextRemote);
        Assert.Equal(Headers.HttpGet(), harness.NextPayload);
        Assert.Equal(0, Metrics.Sum(metrics.WithoutHeader));
    }

    [Theory]
    [InlineData("PROXY TCP4 192.168.1.100 10.0.0.1 56324\r\n", "v1_invalid_field_separator")]
    [InlineData("PROXY HTTP/1.1\r\n", "v1_invalid_protocol")]
    [InlineData("PROXYGET / HTTP/1.1\r\n", "v1_invalid_field_separator")]
    public async Task A_signature_that_goes_wrong_is_rejected_as_when_required(string input, string reason)
    {
        using var harness = new ConnectionHarness(o => o.HeaderRequired = false);
        using var metrics = new Metrics(harness.Services);
        await harness.RunWithAsync(Headers.Ascii(input));
        Assert.False(harness.NextCalled);
        Assert.Equal([reason], metrics.RejectionReasons());
    }

    [Fact]
    public async Task A_signature_prefix_waits_for_the_rest_and_times_out()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var harness = new ConnectionHarness(o => { o.HeaderRequired = false; o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(3) }; }, timeProvider: time);
        using var metrics = new Metrics(harness.Services);
        var run = harness.RunAsync();
        await harness.ClientWriter.WriteAsync(V2Signature.AsMemory(0, 5));
        time.Advance(TimeSpan.FromSeconds(3));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(harness.NextCalled);
        Assert.Equal(["timeout"], metrics.RejectionReasons());
    }

    [Fact]
    public async Task TrustedNetworks_still_decide_who_may_connect()
    {
        using (var harness = new ConnectionHarness(o => { o.HeaderRequired = false; o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8")); }))
        {
            await harness.RunWithAsync(Headers.HttpGet());
            Assert.False(harness.NextCalled); // untrusted and Reject: closed, header or not
        }

        using (var harness = new ConnectionHarness(o =>
        {
            o.HeaderRequired = false;
            o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8"));
            o.UntrustedPeerPolicy = UntrustedPeerPolicy.Skip;
        }))
        {
            var spoof = Headers.Concat(Headers.V1, Headers.HttpGet());
            await harness.RunWithAsync(spoof);
            Assert.Equal(harness.SocketRemote, harness.NextRemote); // an untrusted peer's header is not honoured
            Assert.Equal(spoof, harness.NextPayload);
        }
    }

    private static int CommonPrefix(byte[] bytes, ReadOnlySpan<byte> signature) => bytes.AsSpan().CommonPrefixLength(signature);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }
}
