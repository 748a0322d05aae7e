using System.Net;
using System.Text;

namespace ProxyProtocol.Generators.Tests;

/// <summary>The typed accessors generated into ProxyProtocol.dll, on real captures and vendor values.</summary>
public sealed class RegistryTlvTests
{
    // go-proxyproto tlvparse/aws_test.go "VPCE example" (from AWS's elastic-load-balancing-tools): CRC32C e8d6892d
    // first, then 0xEA/0x01 "vpce-08d2bf15fac5001c9", then a 36-byte NOOP.
    private const string AwsNlbHeader =
        "0d0a0d0a000d0a515549540a21110054ac1f0771ac1f0a1fc8f20050030004e8d6892dea00170176" +
        "7063652d3038643262663135666163353030316339040024" + "000000000000000000000000000000000000000000000000000000000000000000000000";

    private static ProxyHeader ParseHex(string hex, out int consumed) => ParseComplete(Convert.FromHexString(hex), out consumed);

    private static ProxyHeader ParseComplete(byte[] bytes, out int consumed)
    {
        var result = ProxyHeaderParser.Parse(bytes, out var header);
        Assert.True(result.IsComplete, result.ToString());
        consumed = result.BytesConsumed;
        return header!;
    }

    private static string Capture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name)).Trim();

    [Fact]
    public void HAProxy_capture_with_client_certificate()
    {
        var bytes = Convert.FromHexString(Capture("haproxy-2.6-ssl-client-cert.hex"));
        var header = ParseComplete(bytes, out var consumed);
        Assert.Equal("hello\n"u8.ToArray(), bytes[consumed..]);
        Assert.True(header.Crc32CVerified);
        Assert.Equal("tenant.example", header.Authority);
        Assert.Equal("h2"u8.ToArray(), header.Alpn!.Value.ToArray());
        Assert.StartsWith("7F000001:", Encoding.ASCII.GetString(header.UniqueId!.Value.Span), StringComparison.Ordinal);

        var ssl = header.Ssl!.Value;
        Assert.Equal(SslClientFlags.Ssl | SslClientFlags.CertificateConnection | SslClientFlags.CertificateSession, ssl.Client);
        Assert.Equal(0u, ssl.Verify);
        Assert.True(ssl.IsClientCertificateVerified);
        Assert.Equal("TLSv1.3", ssl.Version);
        Assert.Equal("client.example", header.Ssl?.CommonName);
        Assert.Equal("TLS_AES_256_GCM_SHA384", ssl.Cipher);
        Assert.Equal("RSA-SHA256", ssl.SignatureAlgorithm);
        Assert.Equal("RSA2048", ssl.KeyAlgorithm);
        Assert.Null(ssl.Group);
        Assert.Null(ssl.SignatureScheme);
        Assert.Null(ssl.ClientCertificate);
        Assert.Null(header.Netns);
        Assert.Null(header.AwsVpcEndpointId);
        Assert.True(header.TryGetTlv<SslTlv>(out var viaGeneric));
        Assert.Equal(ssl, viaGeneric);
    }

    [Fact]
    public void HAProxy_capture_without_client_certificate_is_not_verified()
    {
        var header = ParseHex(Capture("haproxy-2.6-ssl-no-cert.hex"), out _);
        var ssl = header.Ssl!.Value;
        Assert.Equal(SslClientFlags.Ssl, ssl.Client);
        Assert.Equal(0u, ssl.Verify); // HAProxy sends 0 without a certificate
        Assert.False(ssl.IsClientCertificateVerified);
        Assert.Null(ssl.CommonName);
        Assert.Equal("TLSv1.3", ssl.Version);
        Assert.Null(header.Alpn);
    }

    [Theory]
    [InlineData(0x02, 0u, true)] // certificate on this connection, verified
    [InlineData(0x04, 0u, true)] // certificate in this session, verified
    [InlineData(0x07, 0u, true)]
    [InlineData(0x06, 1u, false)] // presented but not verified
    [InlineData(0x01, 0u, false)] // TLS without a certificate: HAProxy still sends verify 0
    [InlineData(0x00, 0u, false)]
    public void IsClientCertificateVerified_needs_zero_verify_and_a_certificate_bit(byte client, uint verify, bool expected)
    {
        Assert.Equal(expected, new SslTlv { Client = (SslClientFlags)client, Verify = verify }.IsClientCertificateVerified);
    }

    [Fact]
    public void Aws_nlb_header()
    {
        var header = ParseHex(AwsNlbHeader, out var consumed);
        Assert.Equal(AwsNlbHeader.Length / 2, consumed);
        Assert.True(header.Crc32CVerified);
        Assert.Equal(0xE8D6892Du, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.Tlvs.First().Value.Span));
        Assert.Equal("vpce-08d2bf15fac5001c9", header.AwsVpcEndpointId);
        Assert.Equal(IPEndPoint.Parse("172.31.7.113:51442"), header.Source);
    }

    [Fact]
    public void Azure_link_id_is_little_endian()
    {
        var header = new ProxyHeaderBuilder().Local().AddTlv(0xEE, [0x01, 0xC1, 0x45, 0x00, 0x21]).Build();
        Assert.Equal(0x210045C1u, header.AzurePrivateLinkId);
    }

    [Fact]
    public void Gcp_psc_connection_id_is_big_endian()
    {
        var header = new ProxyHeaderBuilder().Local().AddTlv(0xE0, [0xFF, 0xFF, 0xFF, 0xFF, 0xC0, 0xA8, 0x64, 0x02]).Build();
        Assert.Equal(18446744072646845442ul, header.GcpPscConnectionId);
        var codelab = new ProxyHeaderBuilder().Local().AddTlv(0xE0, Convert.FromHexString("009b34d70a003c64")).Build();
        Assert.Equal(0x009B34D70A003C64ul, codelab.GcpPscConnectionId);
    }

    [Theory]
    [InlineData(0xE0, "0102030405060708FF")] // GCP: not 8 bytes (someone else's 0xE0)
    [InlineData(0xE0, "01")]
    [InlineData(0xEE, "01C1450021FF")] // Azure: not 4 bytes after the subtype
    [InlineData(0xEE, "02C1450021")] // Azure: unknown subtype
    [InlineData(0xEA, "01767063C3A9")] // AWS: non-ASCII VPCE id
    [InlineData(0xEA, "0176706300")] // AWS: control character
    [InlineData(0xEA, "01")] // AWS: empty id
    [InlineData(0xEA, "")] // AWS: no subtype byte
    [InlineData(0x02, "C328")] // AUTHORITY: invalid UTF-8
    [InlineData(0x30, "6E7309")] // NETNS: tab
    [InlineData(0x20, "01000000")] // SSL: shorter than its fixed fields
    [InlineData(0x20, "0100000000210005544C53")] // SSL: sub-TLV longer than the value
    [InlineData(0x20, "010000000021")] // SSL: truncated sub-TLV header
    public void Malformed_values_read_as_null_and_keep_raw_bytes(byte type, string valueHex)
    {
        var value = Convert.FromHexString(valueHex);
        var header = new ProxyHeaderBuilder().Local().AddTlv(type, value).Build();
        var typed = new object?[] { header.GcpPscConnectionId, header.AzurePrivateLinkId, header.AwsVpcEndpointId, header.Authority, header.Netns, header.Ssl };
        Assert.All(typed, Assert.Null);
        Assert.True(header.TryGetTlv(type, out var raw));
        Assert.Equal(value, raw.ToArray());
        Assert.Empty(header.TypedTlvs);
    }

    [Fact]
    public void Authority_longer_than_255_bytes_is_malformed()
    {
        var header = new ProxyHeaderBuilder().Local().AddTlv(0x02, Encoding.UTF8.GetBytes(new string('a', 256))).Build();
        Assert.Null(header.Authority);
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddAuthority(new string('a', 256)));
    }

    [Fact]
    public void Unique_id_longer_than_128_bytes_is_malformed()
    {
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddUniqueId(new byte[129]));
    }

    [Fact]
    public void Ssl_sub_tlv_with_bad_value_is_null_but_the_rest_decodes()
    {
        // VERSION with a non-ASCII byte, then a good CIPHER, then an unknown sub-TLV 0x2F, then a repeated CIPHER.
        var value = Convert.FromHexString("05" + "00000000" + "210002C3A9" + "230003414243" + "2F0000" + "230003585858");
        var ssl = new ProxyHeaderBuilder().Local().AddTlv(0x20, value).Build().Ssl!.Value;
        Assert.Null(ssl.Version);
        Assert.Equal("ABC", ssl.Cipher);
        Assert.Equal(SslClientFlags.Ssl | SslClientFlags.CertificateSession, ssl.Client);
    }

    [Fact]
    public void Every_registry_entry_round_trips_through_builder_encoder_and_parser()
    {
        var certificate = Enumerable.Range(0, 1500).Select(i => (byte)i).ToArray();
        var ssl = new SslTlv
        {
            Client = SslClientFlags.Ssl | SslClientFlags.CertificateConnection,
            Verify = 0,
            Version = "TLSv1.3",
            CommonName = "Zoë Client",
            Cipher = "TLS_AES_128_GCM_SHA256",
            SignatureAlgorithm = "RSA-SHA256",
            KeyAlgorithm = "RSA2048",
            Group = "X25519",
            SignatureScheme = "rsa_pss_rsae_sha256",
            ClientCertificate = certificate,
        };
        var built = new ProxyHeaderBuilder()
            .Proxy(IPEndPoint.Parse("192.0.2.1:5000"), IPEndPoint.Parse("198.51.100.1:443"))
            .AddCrc32C()
            .AddAlpn("http/1.1"u8.ToArray())
            .AddAuthority("bücher.example")
            .AddUniqueId(new byte[] { 1, 2, 3 })
            .AddSsl(ssl)
            .AddNetns("blue")
            .AddAwsVpcEndpointId("vpce-0123456789abcdef0")
            .AddAzurePrivateLinkId(0x210045C1)
            .AddGcpPscConnectionId(ulong.MaxValue - 1)
            .Build();
        var encoded = built.Encode();
        var header = ParseComplete(encoded, out var consumed);

        Assert.Equal(encoded.Length, consumed);
        Assert.Equal(built, header);
        Assert.True(header.Crc32CVerified);
        Assert.Equal("http/1.1"u8.ToArray(), header.Alpn!.Value.ToArray());
        Assert.Equal("bücher.example", header.Authority);
        Assert.Equal(new byte[] { 1, 2, 3 }, header.UniqueId!.Value.ToArray());
        Assert.Equal(ssl, header.Ssl);
        Assert.Equal(certificate, header.Ssl!.Value.ClientCertificate!.Value.ToArray());
        Assert.True(header.Ssl!.Value.IsClientCertificateVerified);
        Assert.Equal("blue", header.Netns);
        Assert.Equal("vpce-0123456789abcdef0", header.AwsVpcEndpointId);
        Assert.Equal(0x210045C1u, header.AzurePrivateLinkId);
        Assert.Equal(ulong.MaxValue - 1, header.GcpPscConnectionId);
        Assert.True(header.TryGetTlv(0xEE, out var azure));
        Assert.Equal(new byte[] { 0x01, 0xC1, 0x45, 0x00, 0x21 }, azure.ToArray());
    }

    [Fact]
    public void Ssl_with_only_fixed_fields_round_trips()
    {
        var header = new ProxyHeaderBuilder().Local().AddSsl(new SslTlv { Client = SslClientFlags.Ssl, Verify = 7 }).Build();
        Assert.True(header.TryGetTlv(0x20, out var raw));
        Assert.Equal(new byte[] { 0x01, 0, 0, 0, 7 }, raw.ToArray());
        Assert.Equal(7u, header.Ssl!.Value.Verify);
    }

    [Fact]
    public void Builder_rejects_values_that_cannot_be_sent()
    {
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddAwsVpcEndpointId("vpce-é"));
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddAwsVpcEndpointId(string.Empty));
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddSsl(new SslTlv { Version = "TLS\n1.3" }));
    }

    [Fact]
    public void Type_constants_match_the_specification()
    {
        Assert.Equal(
            new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x30, 0xEA, 0x01, 0xEE, 0x01, 0xE0 },
            new[]
            {
                ProxyTlvTypes.Alpn, ProxyTlvTypes.Authority, ProxyTlvTypes.Crc32C, ProxyTlvTypes.Noop, ProxyTlvTypes.UniqueId,
                ProxyTlvTypes.Ssl, ProxyTlvTypes.SslVersion, ProxyTlvTypes.SslCommonName, ProxyTlvTypes.SslCipher, ProxyTlvTypes.SslSignatureAlgorithm,
                ProxyTlvTypes.SslKeyAlgorithm, ProxyTlvTypes.SslGroup, ProxyTlvTypes.SslSignatureScheme, ProxyTlvTypes.SslClientCertificate,
                ProxyTlvTypes.Netns, ProxyTlvTypes.AwsVpcEndpointId, ProxyTlvTypes.AwsVpcEndpointIdSubtype,
                ProxyTlvTypes.AzurePrivateLinkId, ProxyTlvTypes.AzurePrivateLinkIdSubtype, ProxyTlvTypes.GcpPscConnectionId,
            });
    }

    [Fact]
    public void TypedTlvs_lists_every_recognised_tlv_by_registry_name_in_registry_order()
    {
        var header = ParseHex(Capture("haproxy-2.6-ssl-client-cert.hex"), out _);
        var typed = header.TypedTlvs.ToList();
        Assert.Equal(["Alpn", "Authority", "UniqueId", "Ssl"], typed.Select(t => t.Name));
        Assert.Equal([ProxyTlvTypes.Alpn, ProxyTlvTypes.Authority, ProxyTlvTypes.UniqueId, ProxyTlvTypes.Ssl], typed.Select(t => t.Type));
        Assert.Equal("h2"u8.ToArray(), ((ReadOnlyMemory<byte>)typed[0].Value).ToArray());
        Assert.Equal("tenant.example", typed[1].Value);
        Assert.Equal(header.Ssl, (SslTlv)typed[3].Value);
        Assert.Equal("Authority (0x02)", typed[1].ToString());

        // Wire order does not matter, repeated TLVs count once (the first, as the properties read them).
        var vendors = new ProxyHeaderBuilder().Local().AddGcpPscConnectionId(ulong.MaxValue).AddAzurePrivateLinkId(5)
            .AddAwsVpcEndpointId("vpce-1").AddAwsVpcEndpointId("vpce-2").Build();
        Assert.Equal(
            [("AwsVpcEndpointId", (object)"vpce-1"), ("AzurePrivateLinkId", 5u), ("GcpPscConnectionId", ulong.MaxValue)],
            vendors.TypedTlvs.Select(t => (t.Name, t.Value)));
        Assert.Empty(new ProxyHeaderBuilder(ProxyVersion.V1).Build().TypedTlvs);
        Assert.Empty(default(ProxyTypedTlvCollection));
    }
}
