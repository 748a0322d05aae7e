using System.Net;
using System.Text.Json;
using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>
/// <c>proxyproto probe</c> (its own process) against the HelloProxy sample, HAProxy <c>accept-proxy</c> and nginx
/// <c>proxy_protocol</c> (http and stream). What each peer does is pinned case by case; docs/probe.md explains it.
/// </summary>
public sealed class ProbeTests(ITestOutputHelper output)
{
    // Short waits keep the suite fast: the peers drop a half header at once, HelloProxy holds it (10 s) past --max-wait.
    private static readonly string[] Bounds = ["--timeout", "5", "--max-wait", "2"];

    [Fact]
    public async Task HelloProxy_passes_every_case()
    {
        var endPoint = Ports.Free(IPAddress.Loopback);
        await using var app = await HelloProxySample.StartAsync(output, endPoint);

        var (exit, json) = await ProbeAsync(endPoint);

        Assert.Equal(0, exit);
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        Assert.True(json.GetProperty("passed").GetInt32() >= 20);
        AssertObserved(json, new Dictionary<string, string>());
        Assert.Equal(2, json.GetProperty("stall_seconds").GetDouble());
        Assert.False(json.GetProperty("stall_ended").GetBoolean());
        Assert.Equal(4096, json.GetProperty("largest_header_accepted").GetInt32());
        Assert.True(json.GetProperty("claimed_address_shown").GetBoolean());
    }

    [SkippableFact]
    public async Task HAProxy_accept_proxy()
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var haproxy = await HAProxy.StartAsync(
            dir,
            $"""
            frontend fe
                mode http
                bind {listen} accept-proxy
                http-request return status 200 content-type text/plain lf-string "src=%[src] sport=%[src_port]"
            """,
            output,
            listen);

        var (exit, json) = await ProbeAsync(listen);

        Assert.Equal(1, exit);
        AssertObserved(json, new Dictionary<string, string>
        {
            ["v2-unspec"] = "rejected allowed",         // "unhandled protocol": the spec lets a receiver reject PROXY + UNSPEC
            ["v1-byte-at-a-time"] = "rejected allowed", // MSG_PEEK: a header not whole in the first read is "truncated"
            ["v2-byte-at-a-time"] = "rejected allowed",
            ["v1-port-99999"] = "accepted",             // no range check: the port wraps (99999 -> 34463)
            ["v1-ipv4-leading-zero"] = "accepted",      // 198.51.100.099 read as 198.51.100.99
            ["v1-ipv4-octal"] = "accepted",             // 0306.0063.0144.0142 read as 50.63.144.142 (last three digits of each part)
        });
        AssertDetail(json, "v1-ipv4-leading-zero", "shows the claimed client 198.51.100.99");
        Assert.True(json.GetProperty("stall_ended").GetBoolean());
        Assert.True(json.GetProperty("stall_seconds").GetDouble() < 1);
        Assert.Equal(16384, json.GetProperty("largest_header_accepted").GetInt32()); // tune.bufsize
        Assert.True(json.GetProperty("claimed_address_shown").GetBoolean());
    }

    [SkippableFact]
    public async Task Nginx_http_proxy_protocol()
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var nginx = await Nginx.StartAsync(
            dir,
            $$"""
            http {
                {{Nginx.HttpTempPaths(dir)}}
                server {
                    listen {{listen}} proxy_protocol;
                    location / {
                        default_type text/plain;
                        return 200 "addr=$proxy_protocol_addr port=$proxy_protocol_port";
                    }
                }
            }
            """,
            output,
            stream: false,
            listen);

        var (exit, json) = await ProbeAsync(listen);

        Assert.Equal(1, exit);
        AssertObserved(json, new Dictionary<string, string>
        {
            ["v1-byte-at-a-time"] = "rejected allowed", // the header must be whole in the first read ("broken header")
            ["v2-byte-at-a-time"] = "rejected allowed",
            ["v2-crc32c-wrong"] = "accepted allowed",   // TLVs are not checked: no CRC32C verification
            ["v1-ipv4-leading-zero"] = "accepted",      // v1 addresses are passed on as text, unvalidated
            ["v1-ipv4-octal"] = "accepted",
            ["v1-ipv6-in-tcp4"] = "accepted",
            ["v1-no-crlf-in-107"] = "accepted allowed", // UNKNOWN: the rest of the line is skipped, however long
            ["v2-command-2"] = "accepted",              // only the version nibble is checked
            ["v2-family-unknown"] = "accepted",         // an unknown family is taken as "no addresses"
            ["v2-tlv-overrun"] = "accepted allowed",
            ["v2-unique-id-129"] = "accepted allowed",
            ["v2-two-crc32c"] = "accepted allowed",
        });
        AssertDetail(json, "v1-ipv4-leading-zero", "shows the claimed client as sent, 198.51.100.099"); // the text, unchecked
        AssertDetail(json, "v1-ipv4-octal", "shows the claimed client as sent, 0306.0063.0144.0142");
        Assert.True(json.GetProperty("stall_ended").GetBoolean());
        Assert.Equal(1024, json.GetProperty("largest_header_accepted").GetInt32()); // client_header_buffer_size
        Assert.True(json.GetProperty("claimed_address_shown").GetBoolean());
    }

    [SkippableFact]
    public async Task Nginx_stream_proxy_protocol()
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var nginx = await Nginx.StartAsync(
            dir,
            $$"""
            stream {
                server {
                    listen {{listen}} proxy_protocol;
                    return "addr=$proxy_protocol_addr port=$proxy_protocol_port\n";
                }
            }
            """,
            output,
            stream: true,
            listen);

        var (exit, json) = await ProbeAsync(listen);

        Assert.Equal(1, exit);
        AssertObserved(json, new Dictionary<string, string>
        {
            ["v1-byte-at-a-time"] = "rejected allowed",
            ["v2-byte-at-a-time"] = "rejected allowed",
            ["v2-crc32c-wrong"] = "accepted allowed",
            ["v1-ipv4-leading-zero"] = "accepted",      // $proxy_protocol_addr is "198.51.100.099", as sent
            ["v1-ipv4-octal"] = "accepted",
            ["v1-ipv6-in-tcp4"] = "accepted",
            ["v2-command-2"] = "accepted",
            ["v2-family-unknown"] = "accepted",
            ["v2-tlv-overrun"] = "accepted allowed",
            ["v2-two-crc32c"] = "accepted allowed",
        });
        AssertDetail(json, "v1-ipv4-leading-zero", "shows the claimed client as sent, 198.51.100.099");
        AssertDetail(json, "v1-ipv4-octal", "shows the claimed client as sent, 0306.0063.0144.0142");
        Assert.True(json.GetProperty("stall_ended").GetBoolean());
        Assert.Equal(107, json.GetProperty("largest_header_accepted").GetInt32()); // one 107-byte peek, v2 included
        Assert.True(json.GetProperty("claimed_address_shown").GetBoolean());
    }

    /// <summary>
    /// Every case is observed as the spec expects, except <paramref name="deviations"/>: "accepted" or "rejected",
    /// plus " allowed" when the spec lets a server drop that valid case or accept that invalid one.
    /// </summary>
    private static void AssertObserved(JsonElement json, Dictionary<string, string> deviations)
    {
        var cases = json.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        foreach (var name in deviations.Keys)
        {
            Assert.True(cases.ContainsKey(name), $"no case {name}");
        }

        foreach (var (name, c) in cases)
        {
            // A client that sends nothing is left waiting by every peer here, past --timeout: none answers before a header.
            var expected = deviations.TryGetValue(name, out var deviation)
                ? deviation
                : name == "nothing-sent" ? "timeout" : c.GetProperty("expect").GetString() == "accept" ? "accepted" : "rejected";
            var observed = c.GetProperty("observed").GetString();
            var ok = c.GetProperty("ok").GetBoolean();
            var allowed = ok && !c.GetProperty("required").GetBoolean() && observed != (c.GetProperty("expect").GetString() == "accept" ? "accepted" : "rejected");
            var actual = observed + (allowed ? " allowed" : string.Empty);
            Assert.True(expected == actual, $"{name}: expected {expected}, observed {observed} (ok={ok}): {c.GetProperty("detail").GetString()}");
        }

        Assert.Equal(cases.Values.Count(c => !c.GetProperty("ok").GetBoolean()), json.GetProperty("failed").GetInt32());
    }

    private static void AssertDetail(JsonElement json, string name, string expected)
    {
        var detail = json.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("detail").GetString();
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    private async Task<(int Exit, JsonElement Json)> ProbeAsync(IPEndPoint target)
    {
        var (exit, stdout, _) = await ToolProcess.RunAsync(output, ["probe", target.ToString(), "--json", .. Bounds], TimeSpan.FromSeconds(90));
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one JSON object, got:\n{stdout}");
        return (exit, JsonDocument.Parse(lines[0]).RootElement.Clone());
    }
}
