using System.Net;
using System.Net.Sockets;
using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>
/// nginx 1.22 stream <c>proxy_protocol on;</c> (v1) → Kestrel, including nginx's mixed-family TCP6 line. The plain
/// configuration is docs/deployment/nginx.md's (<see cref="DocsConfig"/>).
/// </summary>
public sealed class NginxToKestrelTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Stream_proxy_protocol_ipv4_and_ipv6_clients()
    {
        using var dir = new TempDir();
        await using var app = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        var v4 = Ports.Free(IPAddress.Loopback);
        var v6 = Ports.Free(IPAddress.IPv6Loopback);
        var config = DocsConfig.Load(
            "nginx.md",
            "nginx-stream",
            ("listen 443;", $"listen {v4};"),
            ("listen [::]:443;", $"listen {v6};"),
            ("10.0.1.10:8443", app.V4.ToString()));
        await using var nginx = await Nginx.StartAsync(dir, config, output, stream: true, v4, v6);

        foreach (var front in new[] { v4, v6 })
        {
            using var cts = new CancellationTokenSource(RawHttp.Timeout);
            using var socket = await RawTcp.ConnectAsync(front, cts.Token);
            var me = (IPEndPoint)socket.LocalEndPoint!;
            var echo = TestKestrelApp.Parse(HttpReply.Body(await RawHttp.RequestAsync(socket, "/", cts.Token)));
            Assert.Equal("1", echo["version"]);
            Assert.Equal(me.ToString(), echo["remote"]);
            Assert.Equal(front.ToString(), echo["destination"]);
        }
    }

    [SkippableFact]
    public async Task Mixed_family_line_rejected_by_default_accepted_with_allow_ipv4_in_tcp6()
    {
        using var dir = new TempDir();
        await using var strict = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        await using var lenient = await TestKestrelApp.StartOnEachLoopbackAsync(output, o => o.Parser = o.Parser with { AllowIPv4InTcp6 = true });
        var toStrict = Ports.Free(IPAddress.Loopback);
        var toLenient = Ports.Free(IPAddress.Loopback);
        var toCapture = Ports.Free(IPAddress.Loopback);
        using var capture = Ports.Listen(IPAddress.Loopback, backlog: 1);

        // nginx learns an IPv6 client from a PROXY header on an IPv4 listener (realip), then relays it with its own
        // IPv4 address as the destination: "PROXY TCP6 2001:db8::5 127.0.0.1 …".
        await using var nginx = await Nginx.StartAsync(
            dir,
            $$"""
            stream {
                server { listen {{toStrict}} proxy_protocol; set_real_ip_from 127.0.0.1; proxy_pass {{strict.V4}}; proxy_protocol on; }
                server { listen {{toLenient}} proxy_protocol; set_real_ip_from 127.0.0.1; proxy_pass {{lenient.V4}}; proxy_protocol on; }
                server { listen {{toCapture}} proxy_protocol; set_real_ip_from 127.0.0.1; proxy_pass {{(IPEndPoint)capture.LocalEndPoint!}}; proxy_protocol on; }
            }
            """,
            output,
            stream: true,
            toStrict,
            toLenient,
            toCapture);

        var client = new ProxyHeaderBuilder(ProxyVersion.V1)
            .Proxy(IPEndPoint.Parse("[2001:db8::5]:40000"), IPEndPoint.Parse("[2001:db8::1]:443"))
            .Build()
            .Encode();

        // What nginx actually sends upstream (read raw, without our parser).
        using (var cts = new CancellationTokenSource(RawHttp.Timeout))
        using (var sender = await RawTcp.ConnectAsync(toCapture, cts.Token))
        {
            await sender.SendAsync(client, SocketFlags.None, cts.Token);
            using var upstream = await capture.AcceptAsync(cts.Token);
            var line = new byte[128];
            var length = 0;
            while (length < 2 || line[length - 1] != '\n')
            {
                length += await upstream.ReceiveAsync(line.AsMemory(length), SocketFlags.None, cts.Token);
            }

            var text = System.Text.Encoding.ASCII.GetString(line, 0, length);
            output.WriteLine($"nginx sent: {text.TrimEnd()}");
            Assert.Equal($"PROXY TCP6 2001:db8::5 127.0.0.1 40000 {toCapture.Port}\r\n", text);
        }

        var accepted = TestKestrelApp.Parse(HttpReply.Body(await RawHttp.GetAsync(toLenient, client)));
        Assert.Equal("[2001:db8::5]:40000", accepted["source"]);
        Assert.Equal("[2001:db8::5]:40000", accepted["remote"]);
        Assert.Equal($"[::ffff:127.0.0.1]:{toLenient.Port}", accepted["destination"]); // the IPv4 text, mapped

        var rejected = await RawHttp.GetAsync(toStrict, client);
        output.WriteLine($"reply through the strict app: '{rejected}'");
        Assert.DoesNotContain("200", rejected, StringComparison.Ordinal);
        var log = await strict.WaitForLogAsync("rejected", TimeSpan.FromSeconds(5));
        Assert.Contains("v1_address_family_mismatch", log, StringComparison.Ordinal);
        Assert.Empty(strict.Seen);
    }
}
