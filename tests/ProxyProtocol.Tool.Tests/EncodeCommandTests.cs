namespace ProxyProtocol.Tool.Tests;

public sealed class EncodeCommandTests
{
    [Fact]
    public async Task V1Tcp4_is_the_specs_example_line()
    {
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty, "encode", "--v1", "-s", "192.168.0.1:56324", "-d", "192.168.0.11:443");
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal(Convert.ToHexStringLower("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"u8) + "\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task V2Tcp4_byte_layout_follows_the_spec()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "encode", "-s", "192.168.1.100:56324", "-d", "10.0.0.1:8080");
        Assert.Equal(0, exit);

        // signature, 0x21 (v2 PROXY), 0x11 (TCP/IPv4), len 12, src, dst, sport, dport
        Assert.Equal("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "c0a80164" + "0a000001" + "dc04" + "1f90", stdout.Trim());
    }

    [Fact]
    public async Task V1Tcp6_mixed_families_write_the_ipv4_side_mapped()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "encode", "--v1", "-s", "[2001:db8::1]:1000", "-d", "10.0.0.1:80");
        Assert.Equal(0, exit);
        Assert.Equal("PROXY TCP6 2001:db8::1 ::ffff:10.0.0.1 1000 80\r\n", System.Text.Encoding.ASCII.GetString(Convert.FromHexString(stdout.Trim())));
    }

    [Fact]
    public async Task V2_typed_and_vendor_tlvs_are_written_as_the_vendors_define_them()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(
            string.Empty,
            "encode", "-s", "[2001:db8::7]:40000", "-d", "[2001:db8::1]:443",
            "--alpn", "h2", "--authority", "example.com", "--unique-id", "req-1",
            "--aws-vpce-id", "vpce-08d2bf15fac5001c9", "--azure-linkid", "0x210045C1", "--gcp-psc-id", "18446744072646845442",
            "--tlv", "0xE5=0102", "--tlv", "4=", "--crc32c");
        Assert.Equal(0, exit);
        Assert.True(ProxyHeaderParser.Parse(Convert.FromHexString(stdout.Trim()), out var header).IsComplete);
        Assert.NotNull(header);
        Assert.True(header.Crc32CVerified);
        Assert.Equal("[2001:db8::7]:40000", header.Source!.ToString());
        var tlvs = header.Tlvs.Select(t => $"{t.Type:x2}:{Convert.ToHexStringLower(t.Value.Span)}").ToArray();
        Assert.Equal(
            [
                "01:" + Convert.ToHexStringLower("h2"u8),
                "02:" + Convert.ToHexStringLower("example.com"u8),
                "05:" + Convert.ToHexStringLower("req-1"u8),
                "e0:ffffffffc0a86402",                                              // GCP: big-endian uint64, no subtype
                "ea:01" + Convert.ToHexStringLower("vpce-08d2bf15fac5001c9"u8),     // AWS: subtype 0x01 + ASCII
                "ee:01c1450021",                                                    // Azure: subtype 0x01 + little-endian uint32
                "e5:0102",
                "04:",
                "03:" + Convert.ToHexStringLower(header.Tlvs.Last().Value.Span),
            ],
            tlvs);
    }

    [Fact]
    public async Task Ssl_decodes_back_with_the_typed_fields_and_implies_a_tls_client()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(
            string.Empty,
            "encode", "--v2", "-s", "203.0.113.7:51000", "-d", "10.0.0.1:443",
            "--ssl-version", "TLSv1.3", "--ssl-cn", "client.example", "--ssl-cipher", "TLS_AES_128_GCM_SHA256");
        Assert.Equal(0, exit);
        var ssl = Decode(stdout).Ssl!.Value;
        Assert.Equal(SslClientFlags.Ssl, ssl.Client);
        Assert.Equal(1u, ssl.Verify); // the spec: zero only for a presented certificate that verified
        Assert.Equal("TLSv1.3", ssl.Version);
        Assert.Equal("client.example", ssl.CommonName);
        Assert.Equal("TLS_AES_128_GCM_SHA256", ssl.Cipher);
        Assert.Null(ssl.SignatureAlgorithm);
        Assert.False(ssl.IsClientCertificateVerified);
    }

    [Theory]
    [InlineData(new[] { "--ssl" }, SslClientFlags.Ssl, 1u, false)]
    [InlineData(new[] { "--ssl-client-cert" }, SslClientFlags.Ssl | SslClientFlags.CertificateConnection | SslClientFlags.CertificateSession, 1u, false)]
    [InlineData(new[] { "--ssl-client-cert", "--ssl-verified" }, SslClientFlags.Ssl | SslClientFlags.CertificateConnection | SslClientFlags.CertificateSession, 0u, true)]
    public async Task Ssl_client_certificate_flags_set_the_client_bits_and_verify(string[] flags, SslClientFlags client, uint verify, bool verified)
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, ["encode", "--local", .. flags]);
        Assert.Equal(0, exit);
        var ssl = Decode(stdout).Ssl!.Value;
        Assert.Equal(client, ssl.Client);
        Assert.Equal(verify, ssl.Verify);
        Assert.Equal(verified, ssl.IsClientCertificateVerified);
    }

    [Fact]
    public async Task Every_ssl_sub_tlv_and_netns()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(
            string.Empty,
            "encode", "--local", "--ssl-sig-alg", "RSA-SHA256", "--ssl-key-alg", "RSA2048", "--ssl-group", "X25519",
            "--ssl-sig-scheme", "rsa_pss_rsae_sha256", "--netns", "blue");
        Assert.Equal(0, exit);
        var header = Decode(stdout);
        var ssl = header.Ssl!.Value;
        Assert.Equal(("RSA-SHA256", "RSA2048", "X25519", "rsa_pss_rsae_sha256"), (ssl.SignatureAlgorithm, ssl.KeyAlgorithm, ssl.Group, ssl.SignatureScheme));
        Assert.Equal("blue", header.Netns);
        Assert.Equal([ProxyTlvTypes.Ssl, ProxyTlvTypes.Netns], header.Tlvs.Select(t => t.Type).ToArray());
    }

    [Fact]
    public async Task Local_and_unknown_headers_are_encoded_exactly()
    {
        var local = await ToolRunner.RunAsync(string.Empty, "encode", "--local");
        Assert.Equal("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000", local.Out.Trim());
        var unknown = await ToolRunner.RunAsync(string.Empty, "encode", "--v1", "--unknown");
        Assert.Equal(Convert.ToHexStringLower("PROXY UNKNOWN\r\n"u8), unknown.Out.Trim());
        var v2Unknown = await ToolRunner.RunAsync(string.Empty, "encode", "--unknown");
        Assert.Equal("0d0a0d0a000d0a515549540a" + "21" + "00" + "0000", v2Unknown.Out.Trim());
    }

    [Fact]
    public async Task Raw_writes_the_same_bytes_as_hex()
    {
        string[] args = ["encode", "-s", "192.0.2.1:1", "-d", "192.0.2.2:2", "--authority", "a.example", "--crc32c"];
        var hex = await ToolRunner.RunAsync(string.Empty, args);
        var raw = await ToolHarness.RunBinaryAsync([], [.. args, "--raw"]);
        Assert.Equal(0, raw.Exit);
        Assert.Equal(Convert.FromHexString(hex.Out.Trim()), raw.Out);
    }

    [Theory]
    [InlineData("give --v1 or --v2, not both", "--v1", "--v2", "--local")]
    [InlineData("--local needs --v2", "--v1", "--local")]
    [InlineData("TLVs and --crc32c need --v2", "--v1", "-s", "192.0.2.1:1", "-d", "192.0.2.2:2", "--authority", "x")]
    [InlineData("give --source and --destination, or --local, or --unknown")]
    [InlineData("give both --source and --destination", "-s", "192.0.2.1:1")]
    [InlineData("--local carries no addresses", "--local", "-s", "192.0.2.1:1", "-d", "192.0.2.2:2")]
    [InlineData("use --crc32c", "--local", "--tlv", "3=00000000")]
    [InlineData("expected TYPE=HEX", "--local", "--tlv", "0102")]
    [InlineData("is not hex", "--local", "--tlv", "0xE5=zz")]
    [InlineData("expected a number from 0 to 255", "--local", "--tlv", "256=00")]
    [InlineData("--unique-id: The value must be 0 to 128 bytes long; it is 130.", "--local", "--unique-id", "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("--aws-vpce-id: The value must be printable US-ASCII", "--local", "--aws-vpce-id", "vpce-\u00e9")]
    [InlineData("--aws-vpce-id: The value must be 1 to 65535 bytes long; it is 0.", "--local", "--aws-vpce-id", "")]
    [InlineData("--ssl-verified describes a client certificate", "--local", "--ssl-verified")]
    [InlineData("--netns: The value must be printable US-ASCII", "--local", "--netns", "ns\t1")]
    [InlineData("expected a number from 0 to 4294967295", "--local", "--azure-linkid", "4294967296")]
    [InlineData("the port must be a decimal number", "-s", "192.0.2.1:65536", "-d", "192.0.2.2:2")]
    [InlineData("the port must be a decimal number", "-s", "192.0.2.1:080", "-d", "192.0.2.2:2")]
    [InlineData("without leading zeros", "-s", "010.0.0.1:1", "-d", "192.0.2.2:2")]
    [InlineData("write IPv6 addresses in brackets", "-s", "2001:db8::1:80", "-d", "192.0.2.2:2")]
    [InlineData("brackets are only for IPv6", "-s", "[192.0.2.1]:80", "-d", "192.0.2.2:2")]
    [InlineData("the IPv6 address is not valid", "-s", "[fe80::1%eth0]:80", "-d", "192.0.2.2:2")]
    [InlineData("not an IPv4 or IPv6 address", "-s", "localhost:80", "-d", "192.0.2.2:2")]
    public async Task Mistakes_exit_two_with_a_readable_message(string expected, params string[] args)
    {
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty, ["encode", .. args]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("proxyproto encode: ", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exit_codes()
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, "--help");
        Assert.Equal(0, exit);
        foreach (var word in new[] { "decode", "encode", "send", "relay", "Exit codes" })
        {
            Assert.Contains(word, stdout, StringComparison.Ordinal);
        }
    }

    private static ProxyHeader Decode(string hex)
    {
        Assert.True(ProxyHeaderParser.Parse(Convert.FromHexString(hex.Trim()), out var header).IsComplete);
        return header!;
    }
}
