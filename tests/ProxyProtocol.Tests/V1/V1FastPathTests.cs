using System.Net;
using System.Text;
using CsCheck;
using ProxyProtocol.Internal;
using ProxyProtocol.Parsing;

namespace ProxyProtocol.Tests.V1;

/// <summary>
/// The one-pass v1 path may only accept, and only what the field-by-field path accepts, with the same fields; every
/// error, offset and Incomplete decision must stay the field-by-field path's. Checked on valid lines, on every prefix,
/// and on every single-byte replacement, deletion and insertion of them.
/// </summary>
public sealed class V1FastPathTests
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
    ];

    // Invalid addresses next to valid ones: the one-pass path must leave every one to the field-by-field path.
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
        "PROXY TCP6 ::1 ::1 0 0\r",
        "PROXY TCP6 ::1 ::1\r\n",
    ];

    // Bytes that sit on the borders of the grammar's classes.
    private static readonly byte[] Probes = Encoding.ASCII.GetBytes("0123456789aAfFgG:. \r\n/\0\u007f").Append((byte)0xFF).ToArray();

    public static TheoryData<string> ValidLines => new(Lines);

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void Common_lines_take_the_one_pass_path_and_agree(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        Assert.True(V1FastPath.TryParse(bytes, out _, out _), "the one-pass path should accept this line");
        AssertAgrees(bytes);
    }

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void Prefixes_and_single_byte_edits_agree(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "PROXY");
        for (var n = V1Parser.PrefixLength; n <= bytes.Length; n++)
        {
            AssertAgrees(bytes.AsSpan(0, n));
        }

        var accepted = 0;
        for (var at = V1Parser.PrefixLength; at < line.Length; at++)
        {
            foreach (var probe in Probes)
            {
                var replaced = (byte[])bytes.Clone();
                replaced[at] = probe;
                accepted += AssertAgrees(replaced) ? 1 : 0;
                accepted += AssertAgrees([.. bytes.AsSpan(0, at), probe, .. bytes.AsSpan(at)]) ? 1 : 0;
            }

            accepted += AssertAgrees([.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + 1)]) ? 1 : 0;
        }

        Assert.True(accepted > 0, "some edits stay valid and must be accepted by both paths");
    }

    public static TheoryData<string> NearMissLines => new(NearMisses);

    [Theory]
    [MemberData(nameof(NearMissLines))]
    public void Near_misses_are_left_to_the_precise_path(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        Assert.False(V1FastPath.TryParse(bytes, out _, out _), "the one-pass path accepted an invalid or incomplete line");
        Assert.False(V1Parser.ParseFields(bytes, ProxyParserOptions.Default, out _).IsComplete);
    }

    [Fact]
    public void Random_addresses_as_dotNET_formats_them_agree() =>
        Gen.Select(Gen.Bool, Gen.Byte.Array[16], Gen.Byte.Array[16], Gen.UShort, Gen.UShort).Sample(
            (v6, a, b, sp, dp) =>
            {
                var source = new IPAddress(v6 ? a : a[..4]);
                var destination = new IPAddress(v6 ? b : b[..4]);
                var text = $"PROXY TCP{(v6 ? 6 : 4)} {source} {destination} {sp} {dp}\r\n";
                var bytes = Encoding.ASCII.GetBytes(text);
                var fast = AssertAgrees(bytes);

                // A dotted IPv4 tail ("::ffff:1.2.3.4") is left to the field-by-field path; everything else is not.
                Assert.True(fast || (v6 && text.Contains('.', StringComparison.Ordinal)), text);
                Assert.True(ProxyHeaderParser.Validate(bytes).IsComplete, text);
            },
            iter: 5000);

    /// <summary>Returns whether the one-pass path accepted; when it did, the field-by-field path must agree exactly.</summary>
    private static bool AssertAgrees(ReadOnlySpan<byte> input)
    {
        var slow = V1Parser.ParseFields(input, ProxyParserOptions.Default, out var expected);
        if (!V1FastPath.TryParse(input, out var fields, out var length))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(input);
        Assert.True(slow.IsComplete, $"one-pass accepted what the precise path calls {slow}: {text}");
        Assert.Equal(slow.BytesConsumed, length);
        Assert.Equal(expected.Version, fields.Version);
        Assert.Equal(expected.Command, fields.Command);
        Assert.Equal(expected.Family, fields.Family);
        Assert.Equal(expected.Transport, fields.Transport);
        Assert.Equal(Bytes(expected.SourceAddress), Bytes(fields.SourceAddress));
        Assert.Equal(Bytes(expected.DestinationAddress), Bytes(fields.DestinationAddress));
        Assert.Equal(expected.SourcePort, fields.SourcePort);
        Assert.Equal(expected.DestinationPort, fields.DestinationPort);
        return true;
    }

    private static byte[] Bytes(AddressBytes address) => ((ReadOnlySpan<byte>)address).ToArray();
}
