using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ProxyProtocol.Tool.Probe;

namespace ProxyProtocol.Tool.Tests;

public sealed class ProbeCommandTests
{
    [Fact]
    public async Task StrictServer_passes_every_case_json_has_the_documented_shape()
    {
        // A 3 s header timeout: longer than a byte-at-a-time header takes to send on a busy machine.
        await using var server = ProbeTarget.StrictServer(headerTimeoutSeconds: 3);
        var (exit, json) = await ProbeJsonAsync(server.Address, "--max-wait", "8");

        Assert.Equal(0, exit);
        Assert.Equal(server.Address, json.GetProperty("target").GetString());
        var cases = json.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(ProbeCases.All.Select(c => c.Name), cases.Select(c => c.GetProperty("name").GetString()));
        Assert.All(cases, c =>
        {
            Assert.True(c.GetProperty("ok").GetBoolean(), c.ToString());
            Assert.Contains(c.GetProperty("expect").GetString(), new[] { "accept", "reject" });
            Assert.Equal(c.GetProperty("expect").GetString() == "accept" ? "accepted" : "rejected", c.GetProperty("observed").GetString());
            Assert.Equal(JsonValueKind.String, c.GetProperty("detail").ValueKind);
        });
        Assert.Equal(ProbeCases.All.Count, json.GetProperty("passed").GetInt32());
        Assert.Equal(0, json.GetProperty("failed").GetInt32());

        // The library's reader: drops a stalled half header after its timeout, takes headers up to 4096 bytes.
        Assert.InRange(json.GetProperty("stall_seconds").GetDouble(), 2.9, 6);
        Assert.True(json.GetProperty("stall_ended").GetBoolean());
        Assert.Equal(ProxyParserOptions.DefaultMaxHeaderLength, json.GetProperty("largest_header_accepted").GetInt32());
        Assert.True(json.GetProperty("claimed_address_shown").GetBoolean());
        Assert.False(json.GetProperty("server_spoke_first").GetBoolean());
        Assert.Contains("shows the claimed client 198.51.100.1", cases[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaxServer_fails_every_invalid_case_exit_one()
    {
        await using var server = ProbeTarget.LaxServer();
        var (exit, json) = await ProbeJsonAsync(server.Address, "--max-wait", "1");

        Assert.Equal(1, exit);
        var failed = json.GetProperty("cases").EnumerateArray().Where(c => !c.GetProperty("ok").GetBoolean()).Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(ProbeCases.All.Where(c => !c.ExpectsAccept(headerOptional: false) && c.Required).Select(c => c.Name), failed);
        Assert.Equal(failed.Count, json.GetProperty("failed").GetInt32());
        Assert.Contains("replied to a half header", json.GetProperty("behaviours").GetProperty("stall").GetString(), StringComparison.Ordinal);
        Assert.False(json.GetProperty("claimed_address_shown").GetBoolean());
        Assert.True(json.GetProperty("server_spoke_first").GetBoolean()); // it answers before any header
    }

    [Fact]
    public async Task HeaderOptional_expects_the_headerless_cases_accepted()
    {
        await using var server = ProbeTarget.LaxServer();
        var (exit, json) = await ProbeJsonAsync(server.Address, "--header-optional", "--case", "no-header", "--case", "tls-no-header");

        Assert.Equal(0, exit);
        Assert.All(json.GetProperty("cases").EnumerateArray(), c => Assert.Equal("accept", c.GetProperty("expect").GetString()));
        Assert.Equal(2, json.GetProperty("passed").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("stall_seconds").ValueKind); // behaviours not asked for
    }

    [Fact]
    public async Task SilentServer_times_out_every_case_within_the_bound()
    {
        await using var server = ProbeTarget.SilentServer();
        var clock = Stopwatch.StartNew();
        var (exit, json) = await ProbeJsonAsync(server.Address, "--timeout", "0.5", "--max-wait", "0.5", "--concurrency", "8");

        Assert.Equal(1, exit);
        Assert.All(json.GetProperty("cases").EnumerateArray(), c =>
        {
            Assert.Equal("timeout", c.GetProperty("observed").GetString());

            // Hanging is neither accepting nor rejecting, except for a client that sent nothing: there, waiting is right.
            Assert.Equal(c.GetProperty("name").GetString() == "nothing-sent", c.GetProperty("ok").GetBoolean());
        });
        Assert.False(json.GetProperty("stall_ended").GetBoolean());
        Assert.Equal(0.5, json.GetProperty("stall_seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("largest_header_accepted").ValueKind);

        // 1 case alone, then 29 cases and 1 bisection step 8 at a time: 5 rounds of 0.5 s (plus the byte-at-a-time sends).
        Assert.InRange(clock.Elapsed.TotalSeconds, 2.5, 8);
    }

    [Fact]
    public async Task Concurrency_bounds_the_connections_open_at_once()
    {
        await using var server = ProbeTarget.SilentServer();
        string[] cases = [.. ProbeCases.All.Take(9).SelectMany(c => new[] { "--case", c.Name }), "--case", "stall"];
        await ProbeJsonAsync([server.Address, "--timeout", "0.3", "--max-wait", "0.3", "--concurrency", "2", .. cases]);
        Assert.InRange(server.MaxOpen, 2, 3); // two slots, and the stalled half header beside them
    }

    [Fact]
    public async Task Data_follows_each_header_default_is_an_http_get()
    {
        await using (var server = ProbeTarget.StrictServer())
        {
            await ProbeJsonAsync(server.Address, "--case", "v2-ipv4");
            var data = System.Text.Encoding.ASCII.GetString(Assert.Single(server.DataAfterHeaders));
            Assert.StartsWith("GET / HTTP/1.1\r\nHost: " + server.Address + "\r\n", data, StringComparison.Ordinal);
            Assert.EndsWith("Connection: close\r\n\r\n", data, StringComparison.Ordinal);
        }

        await using (var server = ProbeTarget.StrictServer())
        {
            await ProbeJsonAsync(server.Address, "--case", "v1-one-write", "--data", @"PING\r\n");
            Assert.Equal("PING\r\n"u8.ToArray(), Assert.Single(server.DataAfterHeaders));
        }
    }

    [Fact]
    public async Task No_header_case_sends_the_default_request_when_data_is_empty()
    {
        // A server that waits long for a header: had no-header sent nothing, the case would time out and fail.
        await using var server = ProbeTarget.StrictServer(headerTimeoutSeconds: 30);
        var (exit, json) = await ProbeJsonAsync(server.Address, "--data", "", "--timeout", "2", "--case", "no-header");

        Assert.Equal(0, exit);
        var c = Assert.Single(json.GetProperty("cases").EnumerateArray());
        Assert.Equal("rejected", c.GetProperty("observed").GetString());
    }

    [Fact]
    public async Task Nothing_sent_case_is_ok_when_the_server_waits_for_the_header()
    {
        await using var server = ProbeTarget.StrictServer(headerTimeoutSeconds: 30);
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "probe", server.Address, "--timeout", "0.5", "--case", "nothing-sent");

        Assert.Equal(0, exit);
        Assert.Matches(@"\nnothing-sent +reject +timeout +ok +no reply, still open after [0-9.]+ s \(waiting for a header, as it must\)\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Nothing_sent_case_fails_and_says_the_verdicts_cannot_be_trusted_when_the_server_speaks_first()
    {
        await using var server = ProbeTarget.LaxServer(); // answers every connection at once, as an SMTP server greets
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "probe", server.Address, "--case", "nothing-sent", "--case", "v2-command-2");

        Assert.Equal(1, exit);
        var text = stdout.ReplaceLineEndings("\n");
        Assert.Matches(@"\nnothing-sent +reject +accepted +FAIL +replied after [0-9.]+ s: HTTP/1.1 200 OK; the server spoke before any header\n", text);
        Assert.Contains(
            "\nThe server spoke before any header (nothing-sent): its replies do not show whether it accepted a header, so the other verdicts cannot be trusted.\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_is_a_table_with_a_summary()
    {
        await using var server = ProbeTarget.StrictServer();
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty, "probe", server.Address, "--case", "v1-tcp4", "--case", "v2-version-3", "--case", "largest-header");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"proxyproto probe {server.Address}: 2 cases, 4 at a time, 5 s each", lines[0]);
        Assert.Matches(@"^case +expected +observed +verdict +detail$", lines[2]);
        Assert.Matches(@"^v1-tcp4 +accept +accepted +ok +replied after [0-9.]+ s: HTTP/1.1 200 OK; shows the claimed client 198\.51\.100\.1$", lines[3]);
        Assert.Matches(@"^v2-version-3 +reject +rejected +ok +(closed|reset) after [0-9.]+ s without a reply$", lines[4]);
        Assert.Contains("  largest-header  4096 bytes accepted, 4097 refused", stdout, StringComparison.Ordinal);
        Assert.EndsWith("2 passed, 0 failed: every case behaved as the spec requires.\n", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Largest_header_case_reports_how_far_it_got_when_a_connection_fails_during_the_bisection()
    {
        // One connection to see the server is there, then 28 bytes and the v2 maximum; the fourth is refused.
        await using var server = ProbeTarget.StrictServer(acceptLimit: 3);
        var (exit, json) = await ProbeJsonAsync(server.Address, "--case", "largest-header");

        Assert.Equal(0, exit); // behaviours report, they do not judge
        Assert.Equal(JsonValueKind.Null, json.GetProperty("largest_header_accepted").ValueKind);
        Assert.Equal("could not connect: ConnectionRefused while bisecting (28 bytes accepted so far)", json.GetProperty("behaviours").GetProperty("largest-header").GetString());
    }

    [Fact]
    public async Task Unreachable_exits_one_without_a_table()
    {
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty, "probe", $"127.0.0.1:{Ports.Free(IPAddress.Loopback).Port}");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("cannot connect to 127.0.0.1:", stderr, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stall")]
    [InlineData("largest-header")]
    [InlineData("claimed-address")]
    public async Task Unreachable_exits_one_also_when_only_behaviours_run(string behaviour)
    {
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty, "probe", $"127.0.0.1:{Ports.Free(IPAddress.Loopback).Port}", "--case", behaviour);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("ConnectionRefused", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1-tcp4")]
    [InlineData("stall")]
    public async Task Probe_json_prints_one_object_with_the_error_when_the_server_is_unreachable(string only)
    {
        var target = $"127.0.0.1:{Ports.Free(IPAddress.Loopback).Port}";
        var (exit, json) = await ProbeJsonAsync(target, "--case", only);

        Assert.Equal(1, exit);
        Assert.Equal(target, json.GetProperty("target").GetString());
        Assert.Equal($"cannot connect to {target}: ConnectionRefused", json.GetProperty("error").GetString());
        Assert.False(json.TryGetProperty("failed", out _)); // no verdict: a script reading "failed" finds none
    }

    [Fact]
    public async Task Probe_json_says_null_for_the_error_when_the_run_completed()
    {
        await using var server = ProbeTarget.StrictServer();
        var (_, json) = await ProbeJsonAsync(server.Address, "--case", "v2-ipv4");
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("server_spoke_first").ValueKind); // nothing-sent did not run
    }

    [Fact]
    public async Task Probe_json_prints_one_object_with_the_error_when_interrupted()
    {
        await using var server = ProbeTarget.SilentServer();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        using var stdout = new StringWriter();
        var exit = await Cli.RunAsync(["probe", server.Address, "--json"], TextReader.Null, stdout, TextWriter.Null, stop.Token);

        Assert.Equal(1, exit);
        var json = JsonDocument.Parse(Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("interrupted; no verdict", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Interrupted_exits_one_without_a_verdict()
    {
        await using var server = ProbeTarget.SilentServer();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Cli.RunAsync(["probe", server.Address], TextReader.Null, stdout, stderr, stop.Token);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Contains("proxyproto probe: interrupted; no verdict.", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_names_every_case_and_behaviour()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "probe", "--list");
        Assert.Equal(0, exit);
        foreach (var name in ProbeCases.All.Select(c => c.Name).Concat(ProbeRunner.BehaviourNames.Select(b => b.Name)))
        {
            Assert.Contains($"  {name} ", stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("give the server to probe as host:port")]
    [InlineData("no such case or behaviour", "127.0.0.1:1", "--case", "v9")]
    [InlineData("--timeout must be from 0.1 to 60 seconds", "127.0.0.1:1", "--timeout", "0")]
    [InlineData("--max-wait must be from 0.1 to 600 seconds", "127.0.0.1:1", "--max-wait", "601")]
    [InlineData("--concurrency must be from 1 to 64", "127.0.0.1:1", "--concurrency", "0")]
    [InlineData("expected host:port", "localhost")]
    public async Task Mistakes_exit_two(string expected, params string[] args)
    {
        var (exit, _, stderr) = await ToolRunner.RunAsync(string.Empty, ["probe", .. args]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.EndsWith("Run 'proxyproto probe --help' for usage.\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, JsonElement Json)> ProbeJsonAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty, ["probe", "--json", .. args]);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one JSON line; stdout:\n{stdout}\nstderr:\n{stderr}");
        return (exit, JsonDocument.Parse(lines[0]).RootElement.Clone());
    }
}
