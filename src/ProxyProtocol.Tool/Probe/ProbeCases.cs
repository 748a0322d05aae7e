using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;

namespace ProxyProtocol.Tool.Probe;

/// <summary>
/// The cases <c>proxyproto probe</c> runs, as one table. Valid headers come from the library's encoder; invalid ones
/// are an encoded header with the fault patched in, or explicit text. Every header claims its own client from the
/// documentation ranges (198.51.100.n, 2001:db8::n), so a reply that shows a claimed address is unambiguous.
/// </summary>
internal static class ProbeCases
{
    private const string SplitHeader = "the spec recommends waiting for a header split across reads, but lets a receiver drop it";
    private const string Crc32CSupport = "the spec requires a receiver to verify a CRC32C only when it supports the checksum";
    private const string TlvsSkipped = "the spec lets a receiver skip the TLVs without reading them";

    public static IPEndPoint Destination4 { get; } = IPEndPoint.Parse("203.0.113.10:443");

    public static IPEndPoint Destination6 { get; } = IPEndPoint.Parse("[2001:db8:ffff::10]:443");

    public static IReadOnlyList<ProbeCase> All { get; } =
    [
        new("v1-tcp4", ProbeExpectation.Accept, "v1 TCP4 line", () => Claim(1, V1(Source4(1), Destination4))),
        new("v1-tcp6", ProbeExpectation.Accept, "v1 TCP6 line", () => Claim(2, V1(Source6(2), Destination6), v6: true)),
        new("v1-unknown", ProbeExpectation.AcceptOrDrop, "v1 'PROXY UNKNOWN' (no addresses)", () => new(new ProxyHeaderBuilder(ProxyVersion.V1).Unknown().Build().Encode(), null), Allowance: "a receiver SHOULD accept UNKNOWN, not MUST"),
        new("v2-ipv4", ProbeExpectation.Accept, "v2 PROXY TCP over IPv4", () => Claim(4, V2(4).Build().Encode())),
        new("v2-ipv6", ProbeExpectation.Accept, "v2 PROXY TCP over IPv6", () => Claim(5, new ProxyHeaderBuilder().Proxy(Source6(5), Destination6).Build().Encode(), v6: true)),
        new("v2-local", ProbeExpectation.Accept, "v2 LOCAL (the proxy's own connection, e.g. a health check)", () => new(new ProxyHeaderBuilder().Local().Build().Encode(), null)),
        new("v2-unspec", ProbeExpectation.AcceptOrDrop, "v2 PROXY with family UNSPEC (no addresses)", () => new(new ProxyHeaderBuilder().Unknown().Build().Encode(), null), Allowance: "a receiver may accept PROXY with family UNSPEC or reject it"),
        new("v2-tlvs", ProbeExpectation.Accept, "v2 with ALPN, AUTHORITY and UNIQUE_ID TLVs", () => Claim(8, V2(8).AddAlpn("http/1.1"u8.ToArray()).AddAuthority("probe.example").AddUniqueId("proxyproto-probe"u8.ToArray()).Build().Encode())),
        new("v2-crc32c", ProbeExpectation.Accept, "v2 with a correct CRC32C TLV", () => Claim(9, V2(9).AddAuthority("probe.example").AddCrc32C().Build().Encode())),
        new("v1-byte-at-a-time", ProbeExpectation.AcceptOrDrop, "v1 TCP4 line sent one byte per write, then the data", () => Claim(10, V1(Source4(10), Destination4)), ProbeDelivery.ByteAtATime, SplitHeader),
        new("v2-byte-at-a-time", ProbeExpectation.AcceptOrDrop, "v2 IPv4 header sent one byte per write, then the data", () => Claim(11, V2(11).Build().Encode()), ProbeDelivery.ByteAtATime, SplitHeader),
        new("v1-one-write", ProbeExpectation.Accept, "v1 TCP4 line and the data in one write", () => Claim(12, V1(Source4(12), Destination4)), ProbeDelivery.OneWrite),
        new("v2-one-write", ProbeExpectation.Accept, "v2 IPv4 header and the data in one write", () => Claim(13, V2(13).Build().Encode()), ProbeDelivery.OneWrite),

        new("v2-crc32c-wrong", ProbeExpectation.RejectOrAccept, "v2 whose CRC32C TLV does not match", () => Claim(14, FlipLastBit(V2(14).AddCrc32C().Build().Encode())), Allowance: Crc32CSupport),
        new("v1-port-99999", ProbeExpectation.Reject, "v1 TCP4 line with source port 99999", () => Claim(15, Line("PROXY TCP4 198.51.100.15 203.0.113.10 99999 443"))),
        new("v1-ipv4-leading-zero", ProbeExpectation.Reject, "v1 TCP4 line with 198.51.100.099 (leading zero)", () => new(Line("PROXY TCP4 198.51.100.099 203.0.113.10 40016 443"), IPAddress.Parse("198.51.100.99"), "198.51.100.099")),
        new("v1-ipv4-octal", ProbeExpectation.Reject, "v1 TCP4 line with 0306.0063.0144.0142 (octal for 198.51.100.98 to inet_aton)", () => new(Line("PROXY TCP4 0306.0063.0144.0142 203.0.113.10 40017 443"), IPAddress.Parse("198.51.100.98"), "0306.0063.0144.0142")),
        new("v1-ipv6-in-tcp4", ProbeExpectation.Reject, "v1 TCP4 line carrying an IPv6 source", () => Claim(18, Line("PROXY TCP4 2001:db8::18 203.0.113.10 40018 443"), v6: true)),
        new("v1-no-crlf-in-107", ProbeExpectation.RejectOrAccept, "v1 'PROXY UNKNOWN' line with no CRLF in its first 107 bytes", () => new(Encoding.ASCII.GetBytes("PROXY UNKNOWN ".PadRight(107, 'x') + "\r\n"), null), Allowance: "a receiver SHOULD declare the line invalid, not MUST"),
        new("v1-lowercase", ProbeExpectation.Reject, "v1 line starting 'proxy' in lowercase", () => Claim(20, Line("proxy TCP4 198.51.100.20 203.0.113.10 40020 443"))),
        new("v2-version-1", ProbeExpectation.Reject, "v2 signature with version 1 in the version/command byte", () => Claim(21, Patch(V2(21).Build().Encode(), 12, 0x11))),
        new("v2-version-3", ProbeExpectation.Reject, "v2 signature with version 3", () => Claim(22, Patch(V2(22).Build().Encode(), 12, 0x31))),
        new("v2-command-2", ProbeExpectation.Reject, "v2 with command 0x2 (neither LOCAL nor PROXY)", () => Claim(23, Patch(V2(23).Build().Encode(), 12, 0x22))),
        new("v2-family-unknown", ProbeExpectation.Reject, "v2 with address family 0x4 (unassigned)", () => Claim(24, Patch(V2(24).Build().Encode(), 13, 0x41))),
        new("v2-tlv-overrun", ProbeExpectation.RejectOrAccept, "v2 whose TLV claims 16 bytes where 1 is left", () => Claim(25, Patch(V2(25).AddAuthority("x").Build().Encode(), 30, 16)), Allowance: TlvsSkipped),
        new("v2-unique-id-129", ProbeExpectation.RejectOrAccept, "v2 with a 129-byte UNIQUE_ID (the spec's maximum is 128)", () => Claim(26, V2(26).AddTlv(ProxyTlvTypes.UniqueId, Enumerable.Repeat((byte)'u', 129).ToArray()).Build().Encode()), Allowance: TlvsSkipped),
        new("v2-two-crc32c", ProbeExpectation.RejectOrAccept, "v2 with two CRC32C TLVs (the first one correct)", () => Claim(27, TwoCrc32C(V2(27).AddCrc32C().Build().Encode())), Allowance: Crc32CSupport),
        new("no-header", ProbeExpectation.RejectUnlessHeaderOptional, "the data alone, no header (the default request when --data is empty)", () => new([], null), ProbeDelivery.DataOnly),
        new("tls-no-header", ProbeExpectation.RejectUnlessHeaderOptional, "a TLS ClientHello, no header", () => new(TlsClientHello.Create(), null), ProbeDelivery.BytesOnly),
        new("nothing-sent", ProbeExpectation.NoReply, "nothing at all: a server must not speak before a header (waiting or closing are both right)", () => new([], null), ProbeDelivery.BytesOnly),
    ];

    public static IPEndPoint Source4(int n) => new(IPAddress.Parse($"198.51.100.{n.ToString(CultureInfo.InvariantCulture)}"), 40000 + n);

    public static IPEndPoint Source6(int n) => new(IPAddress.Parse($"2001:db8::{n.ToString(CultureInfo.InvariantCulture)}"), 40000 + n);

    /// <summary>A v2 PROXY TCP/IPv4 header claiming client n, to add TLVs to.</summary>
    public static ProxyHeaderBuilder V2(int n) => new ProxyHeaderBuilder().Proxy(Source4(n), Destination4);

    private static byte[] V1(IPEndPoint source, IPEndPoint destination) => new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(source, destination).Build().Encode();

    private static ProbeBytes Claim(int n, byte[] bytes, bool v6 = false) => new(bytes, (v6 ? Source6(n) : Source4(n)).Address);

    private static byte[] Line(string line) => Encoding.ASCII.GetBytes(line + "\r\n");

    private static byte[] Patch(byte[] bytes, int offset, byte value)
    {
        bytes[offset] = value;
        return bytes;
    }

    // The CRC32C TLV is last: its last byte is the checksum's.
    private static byte[] FlipLastBit(byte[] bytes) => Patch(bytes, bytes.Length - 1, (byte)(bytes[^1] ^ 0x01));

    /// <summary>
    /// Appends a second CRC32C TLV (value 0) and makes the first one correct for the header as it now is, so a server
    /// that checks only the first would accept it.
    /// </summary>
    private static byte[] TwoCrc32C(byte[] header)
    {
        var bytes = new byte[header.Length + 7];
        header.CopyTo(bytes, 0);
        bytes[header.Length] = ProxyTlvTypes.Crc32C;
        bytes[header.Length + 2] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(14), (ushort)(bytes.Length - 16));
        var first = bytes.AsSpan(header.Length - 4, 4);
        first.Clear();
        var crc = ~0u;
        foreach (var b in bytes)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        BinaryPrimitives.WriteUInt32BigEndian(first, ~crc);
        return bytes;
    }
}
