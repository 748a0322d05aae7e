using ProxyProtocol.Fuzz.Support;
using ProxyProtocol.Internal;
using ProxyProtocol.Parsing;

namespace ProxyProtocol.Fuzz.Targets;

/// <summary>
/// Differential check of the v1 one-pass fast path: whatever it accepts, the field-by-field parser (which alone decides
/// errors and Incomplete) must accept too, with the same length and fields. Run on every input by the span target.
/// </summary>
internal static class V1FastPathTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (!input.StartsWith("PROXY "u8) || !V1FastPath.TryParse(input, out var fast, out var length))
        {
            return;
        }

        var slow = V1Parser.ParseFields(input, ProxyParserOptions.Default, out var expected);
        Check.Equal(ProxyParseResult.Complete(length), slow);
        Check.Equal(expected.Version, fast.Version);
        Check.Equal(expected.Command, fast.Command);
        Check.Equal(expected.Family, fast.Family);
        Check.Equal(expected.Transport, fast.Transport);
        Check.That(((ReadOnlySpan<byte>)expected.SourceAddress).SequenceEqual(fast.SourceAddress));
        Check.That(((ReadOnlySpan<byte>)expected.DestinationAddress).SequenceEqual(fast.DestinationAddress));
        Check.Equal(expected.SourcePort, fast.SourcePort);
        Check.Equal(expected.DestinationPort, fast.DestinationPort);
    }
}
