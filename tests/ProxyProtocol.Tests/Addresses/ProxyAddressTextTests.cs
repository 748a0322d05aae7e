using System.Net;
using CsCheck;

namespace ProxyProtocol.Tests.Addresses;

/// <summary>
/// <see cref="ProxyAddressText"/>: the v1 address grammar (docs/spec-rules.md §V1.4, §POLICY.2) for addresses,
/// endpoints and networks given as text, so that one text never means two addresses.
/// </summary>
public sealed class ProxyAddressTextTests
{
    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("1.20.100.249", "1.20.100.249")]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("2001:DB8::A", "2001:db8::a")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8")]
    [InlineData("::ffff:192.0.2.1", "::ffff:192.0.2.1")]
    [InlineData("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void Addresses_in_the_v1_grammar_are_accepted(string text, string expected)
    {
        Assert.True(ProxyAddressText.TryParseAddress(text, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 192.0.2.1")]
    [InlineData("192.0.2.1 ")]
    [InlineData("192.0.2")]
    [InlineData("3221225985")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("1.2.3.04")]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..2.3")]
    [InlineData("+1.2.3.4")]
    [InlineData("１.2.3.4")] // a full-width digit
    [InlineData("1.2.3.4\0")]
    [InlineData("[::1]")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%1")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4::5:6:7:8")]
    [InlineData("1::2::3")]
    [InlineData(":1::")]
    [InlineData("1::2:")]
    [InlineData("12345::")]
    [InlineData("g::1")]
    [InlineData(":")]
    [InlineData("::01.2.3.4")]
    [InlineData("::1.2.3")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("192.0.2.1:80")]
    [InlineData("192.0.2.1/32")]
    public void Other_address_text_is_refused(string text)
    {
        Assert.False(ProxyAddressText.TryParseAddress(text, out var address));
        Assert.Null(address);
    }

    [Theory]
    [InlineData("192.0.2.1:443", "192.0.2.1", 443)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("255.255.255.255:65535", "255.255.255.255", 65535)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 443)]
    [InlineData("[::]:80", "::", 80)]
    [InlineData("[::ffff:192.0.2.1]:8080", "::ffff:192.0.2.1", 8080)]
    [InlineData("[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535)]
    public void Endpoints_are_an_address_and_a_port(string text, string address, int port)
    {
        Assert.True(ProxyAddressText.TryParseEndPoint(text, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1:")]
    [InlineData(":443")]
    [InlineData("192.0.2.1:0443")]
    [InlineData("192.0.2.1:65536")]
    [InlineData("192.0.2.1:+443")]
    [InlineData("192.0.2.1:443 ")]
    [InlineData("192.0.2:443")]
    [InlineData("[192.0.2.1]:443")]
    [InlineData("2001:db8::1:443")]
    [InlineData("[2001:db8::1]")]
    [InlineData("[2001:db8::1]443")]
    [InlineData("[2001:db8::1]:")]
    [InlineData("[2001:db8::1%1]:443")]
    [InlineData("[2001:db8::1:443")]
    [InlineData("localhost:443")]
    public void Other_endpoint_text_is_refused(string text)
    {
        Assert.False(ProxyAddressText.TryParseEndPoint(text, out var endPoint));
        Assert.Null(endPoint);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", 8)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    [InlineData("192.0.2.1/32", "192.0.2.1", 32)]
    [InlineData("192.0.2.1", "192.0.2.1", 32)]
    [InlineData("2001:db8::/32", "2001:db8::", 32)]
    [InlineData("::/0", "::", 0)]
    [InlineData("::1", "::1", 128)]
    [InlineData("2001:db8::1/128", "2001:db8::1", 128)]
    [InlineData("::ffff:10.0.0.0/104", "::ffff:10.0.0.0", 104)]
    public void Networks_are_cidr_or_one_host(string text, string address, int prefix)
    {
        Assert.True(ProxyAddressText.TryParseNetwork(text, out var network));
        Assert.Equal(new IPNetwork(IPAddress.Parse(address), prefix), network);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/8")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.1/8")] // host bits set
    [InlineData("2001:db8::1/32")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/08")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0.0.0 /8")]
    [InlineData("10/8")]
    [InlineData("10.0/16")]
    [InlineData("[::1]/128")]
    [InlineData("fe80::%1/64")]
    [InlineData("10.0.0.0-10.255.255.255")]
    public void Other_network_text_is_refused(string text)
    {
        Assert.False(ProxyAddressText.TryParseNetwork(text, out var network));
        Assert.Equal(default, network);
    }

    [Fact]
    public void Text_longer_than_any_accepted_form_is_refused()
    {
        var longest = "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535";
        Assert.True(ProxyAddressText.TryParseEndPoint(longest, out _));
        Assert.False(ProxyAddressText.TryParseEndPoint(longest + "0", out _));
        Assert.False(ProxyAddressText.TryParseAddress(new string('1', 1000), out _));
        Assert.False(ProxyAddressText.TryParseNetwork("0000:" + longest, out _));
    }

    [Fact]
    public void Every_address_dotnet_formats_parses_back_equal() =>
        Gen.Select(Gen.Bool, Gen.Byte.Array[16], Gen.Int[0, 128], Gen.UShort).Sample(
            (v6, bytes, prefix, port) =>
            {
                var address = new IPAddress(v6 ? bytes : bytes[..4]);
                Assert.True(ProxyAddressText.TryParseAddress(address.ToString(), out var parsed), address.ToString());
                Assert.Equal(address, parsed);

                var endPoint = new IPEndPoint(address, port);
                Assert.True(ProxyAddressText.TryParseEndPoint(endPoint.ToString(), out var parsedEndPoint), endPoint.ToString());
                Assert.Equal(endPoint, parsedEndPoint);

                var network = new IPNetwork(ClearHostBits(address, v6 ? prefix : prefix % 33, out var length), length);
                Assert.True(ProxyAddressText.TryParseNetwork(network.ToString(), out var parsedNetwork), network.ToString());
                Assert.Equal(network, parsedNetwork);
            },
            iter: 10_000);

    [Fact]
    public void Addresses_with_a_zero_run_in_every_place_parse_back_equal()
    {
        // IPAddress.ToString writes the longest run of zero groups as "::": try it at every position and length.
        for (var start = 0; start < 8; start++)
        {
            for (var end = start; end <= 8; end++)
            {
                var groups = Enumerable.Range(0, 8).Select(i => i >= start && i < end ? 0 : 0x1000 + i).ToArray();
                var bytes = groups.SelectMany(g => new[] { (byte)(g >> 8), (byte)g }).ToArray();
                var address = new IPAddress(bytes);
                Assert.True(ProxyAddressText.TryParseAddress(address.ToString(), out var parsed), address.ToString());
                Assert.Equal(address, parsed);
            }
        }
    }

    [Fact]
    public void What_is_accepted_the_bcl_reads_as_the_same_value() =>
        Gen.Select(Gen.Bool, Gen.Byte.Array[16], Gen.UShort, Gen.Int[0, 2], Gen.Int[0, 60], Gen.Char["0123456789afAF:.[]/% "]).Sample(
            (v6, bytes, number, form, at, c) =>
            {
                // A formatted address, endpoint or network with one byte replaced, inserted or deleted.
                var address = new IPAddress(v6 ? bytes : bytes[..4]);
                var text = form switch
                {
                    0 => address.ToString(),
                    1 => new IPEndPoint(address, number).ToString(),
                    _ => $"{address}/{number % 129}",
                };
                at %= text.Length;
                text = (number % 3) switch
                {
                    0 => text.Remove(at, 1).Insert(at, c.ToString()),
                    1 => text.Insert(at, c.ToString()),
                    _ => text.Remove(at, 1),
                };

                if (ProxyAddressText.TryParseAddress(text, out var parsed))
                {
                    Assert.True(IPAddress.TryParse(text, out var expected) && expected.Equals(parsed), text);
                }

                if (ProxyAddressText.TryParseEndPoint(text, out var endPoint))
                {
                    Assert.True(IPEndPoint.TryParse(text, out var expected) && expected.Equals(endPoint), text);
                }

                if (ProxyAddressText.TryParseNetwork(text, out var network) && text.Contains('/', StringComparison.Ordinal))
                {
                    Assert.True(IPNetwork.TryParse(text, out var expected) && expected.Equals(network), text);
                }
            },
            iter: 20_000);

    private static IPAddress ClearHostBits(IPAddress address, int prefix, out int length)
    {
        var bytes = address.GetAddressBytes();
        length = prefix;
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
