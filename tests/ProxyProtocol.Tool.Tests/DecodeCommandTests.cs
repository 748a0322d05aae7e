using System.Text.Json;

namespace ProxyProtocol.Tool.Tests;

public sealed class DecodeCommandTests
{
    // The five inputs of bench/inputs.json.
    private const string V1Tcp4 = "50524f58592054435034203139322e3136382e312e3130302031302e302e302e3120353633323420383038300d0a";
    private const string V1Tcp6 = "50524f5859205443503620323030313a6462383a383561333a3a386132653a3337303a3733333420323030313a6462383a3a31203536333234203434330d0a";
    private const string V2Ipv4 = "0d0a0d0a000d0a515549540a2111000cc0a801640a000001dc041f90";
    private const string V2Tlvs = "0d0a0d0a000d0a515549540a21110039c0a801640a000001dc041f90010002683202000b6578616d706c652e636f6d050010000102030405060708090a0b0c0d0e0f030004835fe847";

    [Fact]
    public async Task V1Tcp4_is_described_with_payload()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync(V1Tcp4 + "474554");
        Assert.Equal(0, exit);
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal("proxy", json.GetProperty("command").GetString());
        Assert.Equal("inet", json.GetProperty("family").GetString());
        Assert.Equal("stream", json.GetProperty("transport").GetString());
        Assert.Equal("192.168.1.100:56324", json.GetProperty("source").GetString());
        Assert.Equal("10.0.0.1:8080", json.GetProperty("destination").GetString());
        Assert.Equal(46, json.GetProperty("header_length").GetInt32());
        Assert.Equal(0, json.GetProperty("tlvs").GetArrayLength());
        Assert.Equal("absent", json.GetProperty("crc32c").GetString());
        Assert.Equal("474554", json.GetProperty("payload_hex").GetString());
    }

    [Fact]
    public async Task V1Tcp6_uses_brackets_and_ip_address_text()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync(V1Tcp6);
        Assert.Equal(0, exit);
        Assert.Equal("inet6", json.GetProperty("family").GetString());
        Assert.Equal("[2001:db8:85a3::8a2e:370:7334]:56324", json.GetProperty("source").GetString());
        Assert.Equal("[2001:db8::1]:443", json.GetProperty("destination").GetString());
    }

    [Fact]
    public async Task V2_with_tlvs_lists_tlvs_in_order_and_verifies_crc()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync(V2Tlvs);
        Assert.Equal(0, exit);
        Assert.Equal(2, json.GetProperty("version").GetInt32());
        Assert.Equal(73, json.GetProperty("header_length").GetInt32());
        var types = json.GetProperty("tlvs").EnumerateArray().Select(t => t.GetProperty("type").GetInt32()).ToArray();
        Assert.Equal([1, 2, 5, 3], types);
        Assert.Equal("6832", json.GetProperty("tlvs")[0].GetProperty("value_hex").GetString());
        Assert.Equal("verified", json.GetProperty("crc32c").GetString());
        var typed = json.GetProperty("typed");
        Assert.Equal("example.com", typed.GetProperty("Authority").GetString());
        Assert.Equal(Convert.ToBase64String("h2"u8), typed.GetProperty("Alpn").GetString());
        Assert.False(typed.TryGetProperty("Crc32C", out _));
    }

    [Fact]
    public async Task Typed_ssl_is_a_nested_object_and_vendor_tlvs_are_decoded()
    {
        // SSL: client=0x05 (SSL|CERT_SESS), verify=0, VERSION "TLSv1.3", CN "alice"; then AWS VPCE and GCP PSC.
        var header = new ProxyHeaderBuilder()
            .Proxy(System.Net.IPEndPoint.Parse("192.0.2.1:1000"), System.Net.IPEndPoint.Parse("192.0.2.2:443"))
            .AddTlv(0x20, Convert.FromHexString("0500000000" + "210007" + Convert.ToHexString("TLSv1.3"u8) + "220005" + Convert.ToHexString("alice"u8)))
            .AddTlv(0xEA, Convert.FromHexString("01" + Convert.ToHexString("vpce-08d2bf15fac5001c9"u8)))
            .AddTlv(0xE0, Convert.FromHexString("ffffffffc0a86402"))
            .Build();
        var (exit, json) = await ToolRunner.DecodeJsonAsync(Convert.ToHexString(header.Encode()));
        Assert.Equal(0, exit);
        var typed = json.GetProperty("typed");
        var ssl = typed.GetProperty("Ssl");
        Assert.Equal(JsonValueKind.Object, ssl.ValueKind);
        Assert.Contains(ssl.EnumerateObject(), p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == "TLSv1.3");
        Assert.Contains(ssl.EnumerateObject(), p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == "alice");
        Assert.Equal("vpce-08d2bf15fac5001c9", typed.GetProperty("AwsVpcEndpointId").GetString());
        Assert.Equal(18446744072646845442UL, typed.GetProperty("GcpPscConnectionId").GetUInt64());
    }

    [Fact]
    public async Task Human_output_shows_typed_tlvs_ssl_as_its_fields()
    {
        var header = new ProxyHeaderBuilder()
            .Proxy(System.Net.IPEndPoint.Parse("192.0.2.1:1000"), System.Net.IPEndPoint.Parse("192.0.2.2:443"))
            .AddAuthority("app.example")
            .AddSsl(new SslTlv { Client = SslClientFlags.Ssl, Verify = 1, Version = "TLSv1.3", CommonName = "client\u001b.example" })
            .AddAwsVpcEndpointId("vpce-1")
            .Build();
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "decode", Convert.ToHexString(header.Encode()));

        Assert.Equal(0, exit);
        var text = stdout.ReplaceLineEndings("\n");
        Assert.Contains("\n  Authority:   app.example\n", text, StringComparison.Ordinal);
        Assert.Contains("\n  Ssl:\n    Client:      1\n    ClientFlags: Ssl\n    Verify:      1\n", text, StringComparison.Ordinal);
        Assert.Contains("\n    Version:     TLSv1.3\n    CommonName:  client\\x1b.example\n", text, StringComparison.Ordinal); // control characters escaped
        Assert.Contains("\n  AwsVpcEndpointId: vpce-1\n", text, StringComparison.Ordinal);
        Assert.Contains("  TLV 0x20:    ", text, StringComparison.Ordinal); // the raw TLVs stay
    }

    [Fact]
    public async Task Crc_mismatch_is_invalid_by_default_and_reported_with_flag()
    {
        var bad = V2Tlvs[..^2] + "48";
        var (exit, json) = await ToolRunner.DecodeJsonAsync(bad);
        Assert.Equal(1, exit);
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal("V2Crc32CMismatch", json.GetProperty("error").GetString());
        Assert.False(json.GetProperty("incomplete").GetBoolean());

        (exit, json) = await ToolRunner.DecodeJsonAsync("--crc-report-only", bad);
        Assert.Equal(0, exit);
        Assert.Equal("mismatch", json.GetProperty("crc32c").GetString());
    }

    [Fact]
    public async Task Prefix_is_incomplete()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync(V2Ipv4[..30]);
        Assert.Equal(1, exit);
        Assert.Equal("Truncated", json.GetProperty("error").GetString());
        Assert.Equal(15, json.GetProperty("offset").GetInt32());
        Assert.True(json.GetProperty("incomplete").GetBoolean());
    }

    [Fact]
    public async Task Invalid_reports_error_name_and_offset()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync("0d0a0d0a000d0a515549540a21130000");
        Assert.Equal(1, exit);
        Assert.Equal("V2InvalidTransport", json.GetProperty("error").GetString());
        Assert.Equal(13, json.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task Local_and_unknown_have_null_addresses()
    {
        var (_, local) = await ToolRunner.DecodeJsonAsync("0d0a0d0a000d0a515549540a20110000".Replace("20110000", "2011000c", StringComparison.Ordinal) + "c0a801640a000001dc041f90");
        Assert.Equal("local", local.GetProperty("command").GetString());
        Assert.Equal("inet", local.GetProperty("family").GetString()); // as sent
        Assert.Equal(JsonValueKind.Null, local.GetProperty("source").ValueKind);

        var (_, unknown) = await ToolRunner.DecodeJsonAsync(Convert.ToHexString("PROXY UNKNOWN\r\n"u8));
        Assert.Equal("proxy", unknown.GetProperty("command").GetString());
        Assert.Equal("unspec", unknown.GetProperty("family").GetString());
        Assert.Equal("unspec", unknown.GetProperty("transport").GetString());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("destination").ValueKind);
    }

    [Fact]
    public async Task Mixed_v1_family_needs_the_leniency_flag()
    {
        var hex = Convert.ToHexString("PROXY TCP6 2001:db8::1 127.0.0.1 5000 80\r\n"u8);
        var (exit, json) = await ToolRunner.DecodeJsonAsync(hex);
        Assert.Equal(1, exit);
        Assert.Equal("V1AddressFamilyMismatch", json.GetProperty("error").GetString());
        (exit, json) = await ToolRunner.DecodeJsonAsync("--allow-ipv4-in-tcp6", hex);
        Assert.Equal(0, exit);
        Assert.Equal("[::ffff:127.0.0.1]:80", json.GetProperty("destination").GetString());
    }

    [Fact]
    public async Task MaxLength_caps_v2()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync("--max-length", "64", V2Tlvs);
        Assert.Equal(1, exit);
        Assert.Equal("V2HeaderTooLarge", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Hex_from_stdin_allows_whitespace_and_0x()
    {
        var spaced = string.Join(' ', Enumerable.Range(0, V2Ipv4.Length / 2).Select(i => "0x" + V2Ipv4.Substring(i * 2, 2)));
        var (exit, stdout, _) = await ToolRunner.RunAsync(spaced + "\n", "decode");
        Assert.Equal(0, exit);
        Assert.Contains("source:      192.168.1.100:56324", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_file_is_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Convert.FromHexString(V2Ipv4 + "ff"));
            var (exit, json) = await ToolRunner.DecodeJsonAsync("--file", path);
            Assert.Equal(0, exit);
            Assert.Equal("ff", json.GetProperty("payload_hex").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("decode", "zz")]
    [InlineData("decode", "abc")]
    [InlineData("decode", "--bogus")]
    [InlineData("decode", "--max-length", "5", "00")]
    [InlineData("decode", "--accept", "v3", "00")]
    [InlineData("nonsense")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exit, _, err) = await ToolRunner.RunAsync(string.Empty, args);
        Assert.Equal(2, exit);
        Assert.NotEmpty(err);
    }

    [Fact]
    public async Task Human_output_for_invalid_names_the_error()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "decode", Convert.ToHexString("PROXY TCP4 1.2.3.04 1.2.3.4 1 2\r\n"u8));
        Assert.Equal(1, exit);
        Assert.Contains("V1InvalidSourceAddress at offset 11", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-length", "8192")]
    [InlineData("--crc-report-only")]
    [InlineData("--header-timeout", "3")]
    public async Task Relay_rejects_receive_options_without_accept_proxy(params string[] extra)
    {
        var (exit, _, err) = await ToolRunner.RunAsync(string.Empty, ["relay", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:9", .. extra]);
        Assert.Equal(2, exit);
        Assert.Contains("--accept-proxy", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Human_output_escapes_control_characters_in_unix_paths()
    {
        var header = new ProxyHeaderBuilder().ProxyUnix("/tmp/\u001b[31mred", "/run/server.sock").Build();
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "decode", Convert.ToHexString(header.Encode()));
        Assert.Equal(0, exit);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.Contains("source:      /tmp/\\x1b[31mred", stdout, StringComparison.Ordinal);
    }

    private static string UdpHeader(string payloadHex = "") => Convert.ToHexString(new ProxyHeaderBuilder()
        .Proxy(System.Net.IPEndPoint.Parse("192.0.2.1:5353"), System.Net.IPEndPoint.Parse("192.0.2.2:53"), ProxyTransport.Datagram)
        .Build()
        .Encode()) + payloadHex;

    [Fact]
    public async Task Decode_reads_a_udp_header_and_its_payload_when_given_datagram()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync("--datagram", UdpHeader("70696e67"));
        Assert.Equal(0, exit);
        Assert.Equal("dgram", json.GetProperty("transport").GetString());
        Assert.Equal("192.0.2.1:5353", json.GetProperty("source").GetString());
        Assert.Equal("70696e67", json.GetProperty("payload_hex").GetString());
    }

    [Fact]
    public async Task Decode_refuses_a_udp_header_and_points_to_datagram_when_reading_a_stream()
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync(UdpHeader());
        Assert.Equal(1, exit);
        Assert.Equal("TransportMismatch", json.GetProperty("error").GetString());

        var (_, stdout, _) = await ToolRunner.RunAsync(string.Empty, "decode", UdpHeader());
        Assert.Contains("TransportMismatch at offset 13", stdout, StringComparison.Ordinal);
        Assert.Contains("decode it as one UDP datagram with --datagram", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("50524f5859205443503420312e322e332e3420352e362e372e38203120320d0a")] // PROXY TCP4 1.2.3.4 5.6.7.8 1 2
    [InlineData("0d0a0d0a000d0a515549540a2111000cc0a801640a000001dc041f90")]      // v2 PROXY over TCP
    public async Task Decode_datagram_refuses_a_header_that_describes_a_tcp_connection(string hex)
    {
        var (exit, json) = await ToolRunner.DecodeJsonAsync("--datagram", hex);
        Assert.Equal(1, exit);
        Assert.Equal("TransportMismatch", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Decode_datagram_reports_a_cut_header_as_invalid_not_incomplete()
    {
        // A datagram is all there is: no more bytes can complete its header.
        var cut = UdpHeader()[..40];
        var (exit, json) = await ToolRunner.DecodeJsonAsync("--datagram", cut);
        Assert.Equal(1, exit);
        Assert.Equal("Truncated", json.GetProperty("error").GetString());
        Assert.Equal(20, json.GetProperty("offset").GetInt32());
        Assert.False(json.GetProperty("incomplete").GetBoolean());
    }
}
