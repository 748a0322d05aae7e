using ProxyProtocol.Fuzz.Support;

namespace ProxyProtocol.Fuzz.Targets;

/// <summary>
/// Decode → encode → decode. A v2 header re-encodes to exactly its input bytes; a v1 line re-encodes to its canonical
/// form, byte for byte when the input was canonical, and the canonical form is a fixed point. The builder, given the
/// decoded parts, produces an equal header.
/// </summary>
public static class RoundTripTarget
{
    /// <summary>Runs one input.</summary>
    /// <param name="input">The bytes received on a connection.</param>
    public static void Run(ReadOnlySpan<byte> input)
    {
        var options = FuzzOptions.RoundTrip;
        var first = ProxyHeaderParser.Parse(input, out var header, options);
        if (!first.IsComplete)
        {
            return;
        }

        var encoded = header!.Encode();
        Check.Equal(header.GetEncodedLength(), encoded.Length);
        CheckTryEncode(header, encoded);

        var second = ProxyHeaderParser.Parse(encoded, out var decoded, options);
        Check.Equal(ProxyParseResult.Complete(encoded.Length), second);
        var original = input.Slice(0, first.BytesConsumed);

        if (header.Version == ProxyVersion.V2)
        {
            Check.That(encoded.AsSpan().SequenceEqual(original));
            Check.That(header.Equals(decoded));
        }
        else
        {
            Check.Equal(header.Command, decoded!.Command);
            Check.Equal(header.AddressFamily, decoded.AddressFamily);
            Check.Equal(header.Transport, decoded.Transport);
            Check.Equal(header.Source, decoded.Source);
            Check.Equal(header.Destination, decoded.Destination);
            Check.That(encoded.AsSpan().SequenceEqual(decoded.Encode()));
            if (IsCanonicalV1(header, original))
            {
                Check.That(encoded.AsSpan().SequenceEqual(original));
            }
        }

        var rebuilt = Rebuild(header);
        if (rebuilt is not null)
        {
            Check.That(rebuilt.Equals(header.Version == ProxyVersion.V2 ? header : decoded));
            Check.That(rebuilt.Encode().AsSpan().SequenceEqual(encoded));
        }
    }

    private static void CheckTryEncode(ProxyHeader header, byte[] encoded)
    {
        var exact = new byte[encoded.Length];
        Check.That(header.TryEncode(exact, out var written) && written == encoded.Length);
        Check.That(exact.AsSpan().SequenceEqual(encoded));
        var small = new byte[encoded.Length - 1];
        Check.That(!header.TryEncode(small, out written) && written == 0);
    }

    // TCP4 text is canonical by construction (strict octets, ports without leading zeros); TCP6 text has many
    // spellings; UNKNOWN is canonical only in its short form.
    private static bool IsCanonicalV1(ProxyHeader header, ReadOnlySpan<byte> line) => header.AddressFamily switch
    {
        ProxyAddressFamily.InterNetwork => true,
        ProxyAddressFamily.Unspecified => line.SequenceEqual("PROXY UNKNOWN\r\n"u8),
        _ => false,
    };

    private static ProxyHeader? Rebuild(ProxyHeader header)
    {
        var builder = new ProxyHeaderBuilder(header.Version);
        if (header.HasIPEndPoints)
        {
            builder.Proxy(header.Source!, header.Destination!, header.Transport);
        }
        else if (header.Command == ProxyCommand.Local && header.AddressFamily == ProxyAddressFamily.Unspecified)
        {
            builder.Local();
        }
        else if (header.Command == ProxyCommand.Proxy && header.AddressFamily == ProxyAddressFamily.Unspecified)
        {
            builder.Unknown();
        }
        else
        {
            return null; // UNIX paths are not text in general; LOCAL with an ignored block has no builder form
        }

        foreach (var tlv in header.Tlvs)
        {
            if (tlv.Type == 0x03)
            {
                builder.AddCrc32C();
            }
            else
            {
                builder.AddTlv(tlv.Type, tlv.Value.Span);
            }
        }

        return builder.Build();
    }
}
