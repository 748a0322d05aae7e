using System.Net;
using System.Text;

namespace ProxyProtocol.Fuzz.Seeds;

/// <summary>
/// The starting corpus: the benchmark anchors, v1 and v2 edge cases, TLV and CRC32C cases, each valid or invalid on
/// purpose, most followed by a few payload bytes so the readers' hand-over is exercised.
/// </summary>
public static class SeedCorpus
{
    private static readonly byte[] Payload = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray();

    /// <summary>Gets every seed by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> All { get; } = Create();

    private static List<KeyValuePair<string, byte[]>> Create()
    {
        var seeds = new List<KeyValuePair<string, byte[]>>();
        void Hex(string name, string hex) => seeds.Add(new(name, Convert.FromHexString(hex)));
        void Text(string name, string text) => seeds.Add(new(name, Encoding.Latin1.GetBytes(text)));
        void Built(string name, ProxyHeaderBuilder builder) => seeds.Add(new(name, [.. builder.Build().Encode(), .. Payload]));

        // The five benchmark anchors (bench/inputs.json).
        Hex("anchor-v1-tcp4", "50524f58592054435034203139322e3136382e312e3130302031302e302e302e3120353633323420383038300d0a");
        Hex("anchor-v1-tcp6", "50524f5859205443503620323030313a6462383a383561333a3a386132653a3337303a3733333420323030313a6462383a3a31203536333234203434330d0a");
        Hex("anchor-v2-ipv4", "0d0a0d0a000d0a515549540a2111000cc0a801640a000001dc041f90");
        Hex("anchor-v2-ipv6", "0d0a0d0a000d0a515549540a2121002420010db800000000000000000000000120010db80000000000000000000000029c4001bb");
        Hex("anchor-v2-tlvs", "0d0a0d0a000d0a515549540a21110039c0a801640a000001dc041f90010002683202000b6578616d706c652e636f6d050010000102030405060708090a0b0c0d0e0f030004835fe847");

        // v1: valid forms, the longest line, and the classic mistakes.
        Text("v1-tcp4-payload", "PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\nGET / HTTP/1.1\r\n\r\n");
        Text("v1-tcp6-compressed", "PROXY TCP6 ::1 2001:db8::ff00:42:8329 0 65535\r\nx");
        Text("v1-tcp6-v4-mapped", "PROXY TCP6 ::ffff:192.0.2.1 ::ffff:10.0.0.1 1 2\r\n");
        Text("v1-tcp6-full", "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n");
        Text("v1-unknown-short", "PROXY UNKNOWN\r\nSSH-2.0-x\r\n");
        Text("v1-unknown-tail", "PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n");
        Text("v1-unknown-107", "PROXY UNKNOWN " + new string('f', 91) + "\r\n");
        Text("v1-unknown-108", "PROXY UNKNOWN " + new string('f', 92) + "\r\n");
        Text("v1-no-crlf", "PROXY UNKNOWN " + new string('x', 100));
        Text("v1-lone-lf", "PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\n");
        Text("v1-lone-cr", "PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\rX");
        Text("v1-double-space", "PROXY  TCP4 192.0.2.1 198.51.100.2 1 2\r\n");
        Text("v1-tab", "PROXY\tTCP4 192.0.2.1 198.51.100.2 1 2\r\n");
        Text("v1-lowercase", "PROXY tcp4 192.0.2.1 198.51.100.2 1 2\r\n");
        Text("v1-udp4", "PROXY UDP4 192.0.2.1 198.51.100.2 1 2\r\n");
        Text("v1-octal", "PROXY TCP4 010.0.0.1 198.51.100.2 1 2\r\n");
        Text("v1-short-ipv4", "PROXY TCP4 1.2.3 198.51.100.2 1 2\r\n");
        Text("v1-port-65536", "PROXY TCP4 192.0.2.1 198.51.100.2 65536 2\r\n");
        Text("v1-port-plus", "PROXY TCP4 192.0.2.1 198.51.100.2 +80 2\r\n");
        Text("v1-port-leading-zero", "PROXY TCP4 192.0.2.1 198.51.100.2 080 2\r\n");
        Text("v1-trailing-space", "PROXY TCP4 192.0.2.1 198.51.100.2 1 2 \r\n");
        Text("v1-extra-field", "PROXY TCP4 192.0.2.1 198.51.100.2 1 2 3\r\n");
        Text("v1-v6-in-tcp4", "PROXY TCP4 ::1 ::1 1 2\r\n");
        Text("v1-nginx-v4-in-tcp6", "PROXY TCP6 2001:db8::1 127.0.0.1 56324 443\r\n");
        Text("v1-zone-id", "PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n");
        Text("v1-brackets", "PROXY TCP6 [::1] ::1 1 2\r\n");
        Text("v1-two-ellipses", "PROXY TCP6 1::2::3 ::1 1 2\r\n");
        Text("v1-prefix-only", "PROXY");
        Text("not-proxy-http", "GET / HTTP/1.1\r\n\r\n");
        Text("not-proxy-tls", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003");

        // v2: every command/family/transport, short blocks, bad nibbles, the advertised-length extremes.
        var src4 = IPEndPoint.Parse("192.0.2.1:56324");
        var dst4 = IPEndPoint.Parse("198.51.100.2:443");
        var src6 = IPEndPoint.Parse("[2001:db8::1]:56324");
        var dst6 = IPEndPoint.Parse("[2001:db8::2]:443");
        Built("v2-local", new ProxyHeaderBuilder().Local());
        Built("v2-local-aws-healthcheck", new ProxyHeaderBuilder().Local().AddTlv(0x00, [0x00]));
        Built("v2-proxy-unspec", new ProxyHeaderBuilder().Unknown());
        Built("v2-udp4", new ProxyHeaderBuilder().Proxy(src4, dst4, ProxyTransport.Datagram));
        Built("v2-udp6", new ProxyHeaderBuilder().Proxy(src6, dst6, ProxyTransport.Datagram));
        Built("v2-v4-mapped", new ProxyHeaderBuilder().Proxy(src4, dst6));
        Built("v2-unix", new ProxyHeaderBuilder().ProxyUnix("/run/haproxy.sock", "\0abstract"));
        Built("v2-unix-dgram-full", new ProxyHeaderBuilder().ProxyUnix(new string('p', 108), "/d", ProxyTransport.Datagram));
        Hex("v2-local-with-ipv4-block", "0d0a0d0a000d0a515549540a2011000cc0a801640a000001dc041f90");
        Hex("v2-local-short-block", "0d0a0d0a000d0a515549540a20110004c0a80164");
        Hex("v2-block-too-short", "0d0a0d0a000d0a515549540a21110008c0a801640a000001");
        Hex("v2-len-65535", "0d0a0d0a000d0a515549540a2111ffffc0a801640a000001dc041f90");
        Hex("v2-len-4080", "0d0a0d0a000d0a515549540a21000ff0");
        Hex("v2-version-1", "0d0a0d0a000d0a515549540a1111000cc0a801640a000001dc041f90");
        Hex("v2-command-2", "0d0a0d0a000d0a515549540a2211000cc0a801640a000001dc041f90");
        Hex("v2-family-4", "0d0a0d0a000d0a515549540a2141000cc0a801640a000001dc041f90");
        Hex("v2-transport-3", "0d0a0d0a000d0a515549540a2113000cc0a801640a000001dc041f90");
        Hex("v2-partial-unspec", "0d0a0d0a000d0a515549540a21010000");
        Hex("v2-signature-prefix", "0d0a0d0a000d0a5155");
        Hex("v2-bad-signature", "0d0a0d0a000d0a515549540b2111000c");

        // TLVs: registered and vendor types, limits, framing errors, invalid UTF-8 in text values.
        Built("tlv-registered", new ProxyHeaderBuilder().Proxy(src4, dst4)
            .AddTlv(0x01, "h2"u8).AddTlv(0x02, "example.com"u8).AddTlv(0x04, []).AddTlv(0x05, new byte[128]).AddTlv(0x30, "ns1"u8));
        Built("tlv-ssl", new ProxyHeaderBuilder().Proxy(src6, dst6).AddTlv(0x20,
            [0x07, 0, 0, 0, 0, 0x21, 0, 7, .. "TLSv1.3"u8, 0x22, 0, 3, .. "bob"u8, 0x23, 0, 22, .. "TLS_AES_128_GCM_SHA256"u8,
             0x24, 0, 10, .. "RSA-SHA256"u8, 0x25, 0, 7, .. "RSA2048"u8, 0x26, 0, 6, .. "X25519"u8, 0x28, 0, 3, 0x30, 0x01, 0x00]));
        Built("tlv-ssl-short", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0x20, [0x01, 0, 0]));
        Built("tlv-ssl-sub-overrun", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0x20, [0x01, 0, 0, 0, 0, 0x21, 0, 9, 0x54]));
        Built("tlv-aws", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0xEA, [0x01, .. "vpce-08d2bf15fac5001c9"u8]));
        Built("tlv-aws-unknown-subtype", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0xEA, [0x02, 0x41]));
        Built("tlv-azure", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0xEE, [0x01, 0xC1, 0x45, 0x00, 0x21]));
        Built("tlv-gcp", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0xE0, [0xFF, 0xFF, 0xFF, 0xFF, 0xC0, 0xA8, 0x64, 0x02]));
        Built("tlv-gcp-wrong-length", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0xE0, [0x01, 0x02]));
        Built("tlv-authority-bad-utf8", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0x02, [0x61, 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80]));
        Built("tlv-authority-crlf", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0x02, "a\r\nX-Injected: 1"u8));
        Built("tlv-ssl-cn-bad-utf8", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0x20, [0x03, 0, 0, 0, 0, 0x22, 0, 2, 0xC0, 0xAF]));
        Built("tlv-repeated", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0x02, "a"u8).AddTlv(0x02, "b"u8));
        Built("tlv-local-unspec", new ProxyHeaderBuilder().Local().AddTlv(0x02, "x"u8).AddCrc32C());
        Hex("tlv-unique-id-129", "0d0a0d0a000d0a515549540a21110090c0a801640a000001dc041f90050081" + new string('a', 258));
        Hex("tlv-overrun", "0d0a0d0a000d0a515549540a21110010c0a801640a000001dc041f9002000561");
        Hex("tlv-remainder-2", "0d0a0d0a000d0a515549540a2111000ec0a801640a000001dc041f900200");
        Hex("tlv-after-header-is-payload", "0d0a0d0a000d0a515549540a2111000cc0a801640a000001dc041f90020005616263");

        // CRC32C: valid (computed by the builder), mismatched, wrong length, duplicated.
        Built("crc-valid", new ProxyHeaderBuilder().Proxy(src4, dst4).AddTlv(0x02, "example.com"u8).AddCrc32C());
        Built("crc-first", new ProxyHeaderBuilder().Proxy(src6, dst6).AddCrc32C().AddTlv(0x05, "id"u8));
        Hex("crc-mismatch", "0d0a0d0a000d0a515549540a21110013c0a801640a000001dc041f9003000400000000");
        Hex("crc-wrong-length", "0d0a0d0a000d0a515549540a21110012c0a801640a000001dc041f90030003000000");
        Hex("crc-duplicate", "0d0a0d0a000d0a515549540a2111001ac0a801640a000001dc041f900300040000000003000400000000");
        return seeds;
    }
}
