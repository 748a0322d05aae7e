using ProxyProtocol.Tool.Probe;

namespace ProxyProtocol.Tool.Tests;

/// <summary>The probe's case table agrees with the library's strict parser, case by case.</summary>
public sealed class ProbeCasesTests
{
    private static readonly byte[] Data = "GET / HTTP/1.1\r\n\r\n"u8.ToArray();

    public static TheoryData<string> Valid => [.. ProbeCases.All.Where(c => c.ExpectsAccept(headerOptional: false)).Select(c => c.Name)];

    public static TheoryData<string> Invalid => [.. ProbeCases.All.Where(c => !c.ExpectsAccept(headerOptional: false) && c.Expectation != ProbeExpectation.NoReply).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_case_parses_whole_and_leaves_the_data_alone(string name)
    {
        var bytes = Case(name).Build();
        var result = ProxyHeaderParser.Parse([.. bytes.Bytes, .. Data], out var header);
        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(bytes.Bytes.Length, result.BytesConsumed);
        Assert.Equal(bytes.Claimed, header!.Source?.Address);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_case_is_rejected_by_the_parser_not_left_waiting(string name)
    {
        var bytes = Case(name).Build();
        var result = ProxyHeaderParser.Parse([.. bytes.Bytes, .. Data], out _);
        Assert.True(result.IsInvalid, $"{name}: {result}");
    }

    [Fact]
    public void Nothing_sent_case_sends_nothing_so_a_strict_parser_is_still_waiting()
    {
        var nothing = Case("nothing-sent");
        Assert.Equal(ProbeExpectation.NoReply, nothing.Expectation);
        Assert.Equal(ProbeDelivery.BytesOnly, nothing.Delivery); // not even the data
        Assert.Empty(nothing.Build().Bytes);
        Assert.True(ProxyHeaderParser.Parse(nothing.Build().Bytes, out _).IsIncomplete);
    }

    [Fact]
    public void Table_has_unique_names_and_every_case_the_issue_asks_for()
    {
        var names = ProbeCases.All.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.True(names.Count >= 20);
        Assert.Equal(13, ProbeCases.All.Count(c => c.ExpectsAccept(headerOptional: false)));
        Assert.Equal(2, ProbeCases.All.Count(c => c.Expectation == ProbeExpectation.RejectUnlessHeaderOptional));
        Assert.All(ProbeCases.All, c => Assert.Equal(c.Required, c.Allowance is null));
    }

    [Fact]
    public void Claimed_clients_are_distinct_and_from_the_documentation_ranges()
    {
        var claimed = ProbeCases.All.Select(c => c.Build().Claimed).OfType<System.Net.IPAddress>().ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.All(claimed, a => Assert.Matches(@"^(198\.51\.100\.\d+|2001:db8::\w+)$", a.ToString()));
    }

    [Fact]
    public void Two_crc32c_is_a_duplicate_whose_first_checksum_is_right_for_the_whole_header()
    {
        // A server that checks only the first CRC32C TLV would accept it: that is what the case tests.
        var bytes = Case("v2-two-crc32c").Build().Bytes;
        Assert.Equal(ProxyError.V2DuplicateCrc32C, ProxyHeaderParser.Parse(bytes, out _).Error);
        Assert.Equal([0x03, 0x00, 0x04, 0, 0, 0, 0], bytes[^7..]);
        var first = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(bytes.Length - 11));
        var zeroed = (byte[])bytes.Clone();
        zeroed.AsSpan(bytes.Length - 11, 4).Clear();
        Assert.Equal(Crc32C(zeroed), first);
    }

    [Fact]
    public void TlsClientHello_is_one_handshake_record()
    {
        var hello = TlsClientHello.Create();
        Assert.Equal(0x16, hello[0]);
        Assert.Equal(hello.Length - 5, (hello[3] << 8) | hello[4]);
        Assert.Equal(0x01, hello[5]); // ClientHello
        Assert.Equal(hello.Length - 9, (hello[6] << 16) | (hello[7] << 8) | hello[8]);
    }

    // Bit by bit (reflected polynomial 0x82F63B78): independent of the tool's table-free implementation.
    private static uint Crc32C(byte[] bytes)
    {
        var crc = ~0u;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static ProbeCase Case(string name) => ProbeCases.All.Single(c => c.Name == name);
}
