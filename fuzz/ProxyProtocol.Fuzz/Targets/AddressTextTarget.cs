using System.Net;
using System.Text;
using ProxyProtocol.Fuzz.Support;
using ProxyProtocol.Parsing;

namespace ProxyProtocol.Fuzz.Targets;

/// <summary>
/// The address text grammar, run on every input by the span target. (1) The v1 parser reads each field in place and
/// examines it as a token only when it does not end at its separator: so at every position, a field read in place that
/// ends at SP or CR must be accepted as a token with the same value. (2) <see cref="ProxyAddressText"/> accepts a subset
/// of what the BCL's parsers accept, with the same value.
/// </summary>
internal static class AddressTextTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var line = input.Length > 107 ? input.Slice(0, 107) : input;
        Span<byte> inPlace = stackalloc byte[16];
        Span<byte> asToken = stackalloc byte[16];
        for (var pos = 0; pos < line.Length; pos++)
        {
            var end = AddressText.ParseIPv4(line, pos, inPlace);
            if (EndsAtSeparator(line, end))
            {
                Check.That(AddressText.TryParseIPv4(line[pos..end], asToken));
                Check.That(inPlace.Slice(0, 4).SequenceEqual(asToken.Slice(0, 4)));
            }

            end = AddressText.ParseIPv6(line, pos, inPlace);
            if (EndsAtSeparator(line, end))
            {
                Check.That(AddressText.TryParseIPv6(line[pos..end], asToken));
                Check.That(inPlace.SequenceEqual(asToken));
            }

            end = AddressText.ParsePort(line, pos, out var port);
            if (EndsAtSeparator(line, end))
            {
                Check.That(AddressText.TryParsePort(line[pos..end], out var tokenPort));
                Check.Equal(port, tokenPort);
            }
        }

        var text = Encoding.Latin1.GetString(input.Length > 64 ? input.Slice(0, 64) : input);
        if (ProxyAddressText.TryParseAddress(text, out var address))
        {
            Check.That(IPAddress.TryParse(text, out var expected) && expected.Equals(address));
            Check.That(ProxyAddressText.TryParseAddress(address.ToString(), out var again) && again.Equals(address));
        }

        if (ProxyAddressText.TryParseEndPoint(text, out var endPoint))
        {
            Check.That(IPEndPoint.TryParse(text, out var expected) && expected.Equals(endPoint));
        }

        if (ProxyAddressText.TryParseNetwork(text, out var network))
        {
            var bare = !text.Contains('/', StringComparison.Ordinal);
            Check.That(bare ? IPAddress.TryParse(text, out var host) && network.Equals(new IPNetwork(host, network.PrefixLength))
                : IPNetwork.TryParse(text, out var expected) && expected.Equals(network));
        }
    }

    private static bool EndsAtSeparator(ReadOnlySpan<byte> line, int end) =>
        end >= 0 && end < line.Length && line[end] is (byte)' ' or (byte)'\r';
}
