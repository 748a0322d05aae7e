using System.Net;
using System.Text;
using CsCheck;
using ProxyProtocol.Parsing;

namespace ProxyProtocol.Tests.V1;

/// <summary>
/// The v1 parser reads each field where it stands in the line (AddressText's <c>Parse…</c> methods) and, only when a
/// field does not end at its separator, examines it again as a token ended by SP, CR or LF (the <c>TryParse…</c>
/// methods), which alone decides errors, offsets and Incomplete. That is only sound if a field read in place that ends at
/// a separator is also accepted as a token, with the same value: checked here at every position of valid lines, their
/// prefixes, and every single-byte replacement, deletion and insertion of them.
/// </summary>
public sealed class V1InPlaceFieldTests
{
    private static readonly string[] Lines =
    [
        "PROXY TCP4 192.168.1.100 10.0.0.1 56324 8080\r\n",
        "PROXY TCP4 0.0.0.0 0.0.0.0 0 0\r\n",
        "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n",
        "PROXY TCP4 1.20.100.249 9.99.199.200 10 65000\r\n",
        "PROXY TCP6 2001:db8:85a3::8a2e:370:7334 2001:db8::1 56324 443\r\n",
        "PROXY TCP6 :: ::1 1 2\r\n",
        "PROXY TCP6 1:: 1:2:3:4:5:6:7:: 1 2\r\n",
        "PROXY TCP6 ::2:3:4:5:6:7:8 1:2:3:4:5:6:7:8 1 2\r\n",
        "PROXY TCP6 2001:0DB8:0000:0000:0000:0000:0000:0001 fe80::AbCd 65535 0\r\n",
        "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n",

        // Groups of one to four digits at every position, both cases; the shortest tails after a group.
        "PROXY TCP6 1:22:333:4444:a:bb:ccc:dddd A:BB:CCC:DDDD:1:22:333:4444 1 2\r\n",
        "PROXY TCP6 4444:333:22:1::1:22:333 eEe:1:fF:1:Aa0:1:1:9 0 0\r\n",
        "PROXY TCP6 :: :: 0 0\r\n",
        "PROXY TCP6 ::1 ::1 0 0\r\n",
        "PROXY TCP6 ::ABCD ABCD:: 0 0\r\n",

        // Dotted IPv4 tails.
        "PROXY TCP6 ::ffff:192.0.2.1 ::1.2.3.4 1 2\r\n",
        "PROXY TCP6 1:2:3:4:5:6:255.255.255.255 a::b:0.0.0.0 1 2\r\n",
    ];

    // Invalid fields next to valid ones: never accepted in place, and the line is not accepted.
    private static readonly string[] NearMisses =
    [
        "PROXY TCP6 12345::1 ::1 0 0\r\n",
        "PROXY TCP6 ::1 1::12345 0 0\r\n",
        "PROXY TCP6 1:::2 ::1 0 0\r\n",
        "PROXY TCP6 ::: ::1 0 0\r\n",
        "PROXY TCP6 :1::2 ::1 0 0\r\n",
        "PROXY TCP6 1::2: ::1 0 0\r\n",
        "PROXY TCP6 ::1 1: 0 0\r\n",
        "PROXY TCP6 1::2::3 ::1 0 0\r\n",
        "PROXY TCP6 1:2:3:4:5:6:7:8:: ::1 0 0\r\n",
        "PROXY TCP6 ::1:2:3:4:5:6:7:8 ::1 0 0\r\n",
        "PROXY TCP6 1:2:3:4::5:6:7:8 ::1 0 0\r\n",
        "PROXY TCP6 1:2:3:4:5:6:7 ::1 0 0\r\n",
        "PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 0 0\r\n",
        "PROXY TCP6 " + string.Join(':', Enumerable.Repeat("1", 20)) + " ::1 0 0\r\n",
        "PROXY TCP6 ::1 " + string.Join(':', Enumerable.Repeat("ab", 30)) + " 0 0\r\n",
        "PROXY TCP6 ::g ::1 0 0\r\n",
        "PROXY TCP6 1:2:3:4:5:6:7:1.2.3.4 ::1 0 0\r\n",
        "PROXY TCP6 ::ab.1.2.3 ::1 0 0\r\n",
        "PROXY TCP6 ::1.2.3 ::1 0 0\r\n",
        "PROXY TCP6 1.2.3.4 ::1 0 0\r\n",
        "PROXY TCP4 1.2.3.4 ::1 0 0\r\n",
        "PROXY TCP4 1.2.3.4 5.6.7.8 065535 0\r\n",
        "PROXY TCP4 1.2.3.4 5.6.7.8 65536 0\r\n",
        "PROXY TCP4 1.2.3.04 5.6.7.8 1 0\r\n",
    ];

    // Bytes that sit on the borders of the grammar's classes.
    private static readonly byte[] Probes = Encoding.ASCII.GetBytes("0123456789aAfFgG:. \r\n/\0\u007f").Append((byte)0xFF).ToArray();

    public static TheoryData<string> ValidLines => new(Lines);

    public static TheoryData<string> NearMissLines => new(NearMisses);

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void Every_field_of_a_common_line_is_read_in_place(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        var fields = line.TrimEnd('\r', '\n').Split(' ');
        var v6 = fields[1] == "TCP6";
        var pos = "PROXY TCPx ".Length;
        Span<byte> address = stackalloc byte[16];
        for (var field = 0; field < 4; field++)
        {
            var end = field < 2
                ? (v6 ? AddressText.ParseIPv6(bytes, pos, address) : AddressText.ParseIPv4(bytes, pos, address))
                : AddressText.ParsePort(bytes, pos, out _);
            Assert.Equal(pos + fields[field + 2].Length, end);
            pos = end + 1;
        }

        Assert.True(ProxyHeaderParser.Validate(bytes).IsComplete);
    }

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void Prefixes_and_single_byte_edits_read_in_place_agree_with_tokens(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "PROXY");
        var accepted = 0;
        for (var n = V1Parser.PrefixLength; n <= bytes.Length; n++)
        {
            accepted += AssertAgrees(bytes.AsSpan(0, n));
        }

        for (var at = V1Parser.PrefixLength; at < line.Length; at++)
        {
            foreach (var probe in Probes)
            {
                var replaced = (byte[])bytes.Clone();
                replaced[at] = probe;
                accepted += AssertAgrees(replaced);
                accepted += AssertAgrees([.. bytes.AsSpan(0, at), probe, .. bytes.AsSpan(at)]);
            }

            accepted += AssertAgrees([.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + 1)]);
        }

        Assert.True(accepted > 0, "some fields read in place end at a separator");
    }

    [Theory]
    [MemberData(nameof(NearMissLines))]
    public void Near_misses_are_not_accepted(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        AssertAgrees(bytes);
        Assert.True(ProxyHeaderParser.Validate(bytes).IsInvalid, line);
    }

    [Fact]
    public void Random_addresses_as_dotnet_formats_them_are_read_in_place() =>
        Gen.Select(Gen.Bool, Gen.Byte.Array[16], Gen.Byte.Array[16], Gen.UShort, Gen.UShort).Sample(
            (v6, a, b, sp, dp) =>
            {
                var source = new IPAddress(v6 ? a : a[..4]);
                var destination = new IPAddress(v6 ? b : b[..4]);
                var line = $"PROXY TCP{(v6 ? 6 : 4)} {source} {destination} {sp} {dp}\r\n";
                Every_field_of_a_common_line_is_read_in_place(line);
                AssertAgrees(Encoding.ASCII.GetBytes(line));
                ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line), out var header);
                Assert.Equal(source, header!.Source!.Address);
                Assert.Equal(destination, header.Destination!.Address);
            },
            iter: 5000);

    /// <summary>
    /// At every position, each field read in place that ends at SP or CR must be accepted as a token with the same
    /// value. Returns how many were.
    /// </summary>
    private static int AssertAgrees(ReadOnlySpan<byte> line)
    {
        Span<byte> inPlace = stackalloc byte[16];
        Span<byte> asToken = stackalloc byte[16];
        var accepted = 0;
        for (var pos = 0; pos < line.Length; pos++)
        {
            for (var kind = 0; kind < 3; kind++)
            {
                inPlace.Clear();
                asToken.Clear();
                ushort port = 0;
                var end = kind switch
                {
                    0 => AddressText.ParseIPv4(line, pos, inPlace),
                    1 => AddressText.ParseIPv6(line, pos, inPlace),
                    _ => AddressText.ParsePort(line, pos, out port),
                };
                if (end < 0 || end >= line.Length || line[end] is not ((byte)' ' or (byte)'\r'))
                {
                    continue;
                }

                var token = line[pos..end];
                var text = Encoding.Latin1.GetString(token);
                switch (kind)
                {
                    case 0:
                        Assert.True(AddressText.TryParseIPv4(token, asToken), text);
                        Assert.True(inPlace.SequenceEqual(asToken), text);
                        break;
                    case 1:
                        Assert.True(AddressText.TryParseIPv6(token, asToken), text);
                        Assert.True(inPlace.SequenceEqual(asToken), text);
                        break;
                    default:
                        Assert.True(AddressText.TryParsePort(token, out var tokenPort), text);
                        Assert.Equal(port, tokenPort);
                        break;
                }

                accepted++;
            }
        }

        return accepted;
    }
}
