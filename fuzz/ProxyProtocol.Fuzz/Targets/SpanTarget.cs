using ProxyProtocol.Fuzz.Support;

namespace ProxyProtocol.Fuzz.Targets;

/// <summary>
/// The span parser under four option sets: results are well formed, <c>Validate</c> agrees with <c>Parse</c>,
/// results are stable under truncation (a prefix's final verdict is the whole input's), nothing is awaited
/// past the cap, and the option sets relate as they should (the defaults accept a subset of the lenient set); plus the
/// address text checks of <see cref="AddressTextTarget"/>.
/// </summary>
public static class SpanTarget
{
    /// <summary>Runs one input.</summary>
    /// <param name="input">The fuzz input, taken as the bytes received on a connection.</param>
    public static void Run(ReadOnlySpan<byte> input)
    {
        AddressTextTarget.Run(input);
        var byDefault = ParseChecked(input, FuzzOptions.Default, out var defaultHeader);
        var lenient = ParseChecked(input, FuzzOptions.Lenient, out var lenientHeader);
        var v1Only = ParseChecked(input, FuzzOptions.V1Only, out _);
        var smallV2 = ParseChecked(input, FuzzOptions.SmallV2, out _);

        if (byDefault.IsComplete)
        {
            Check.Equal(byDefault, lenient);
            Check.That(defaultHeader!.Equals(lenientHeader));
            var v1 = defaultHeader.Version == ProxyVersion.V1;
            Check.Equal(v1 ? byDefault : ProxyParseResult.Invalid(ProxyError.VersionNotAccepted, 0), v1Only);
            var expectedSmall = v1 ? ProxyParseResult.Invalid(ProxyError.VersionNotAccepted, 0)
                : byDefault.BytesConsumed <= FuzzOptions.SmallCap ? byDefault
                : ProxyParseResult.Invalid(ProxyError.V2HeaderTooLarge, 14);
            Check.Equal(expectedSmall, smallV2);
        }

        if (lenient.IsInvalid)
        {
            Check.That(byDefault.IsInvalid);
        }

        // The transport rule (docs/spec-rules.md §POLICY.17) only refuses: at offset 13, a v2 PROXY header naming DGRAM
        // on a stream.
        if (byDefault.Error == ProxyError.TransportMismatch)
        {
            Check.Equal(13, byDefault.ErrorOffset);
            Check.That(input[12] == 0x21 && (input[13] & 0x0F) == (int)ProxyTransport.Datagram);
        }

        // A datagram decides like a stream under the same options, incomplete being Truncated; by default it also
        // refuses, at offset 0 or 13, a v1 line or a v2 PROXY header naming STREAM.
        var datagram = ProxyHeaderParser.ParseDatagram(input.ToArray(), out var datagramHeader, out var payload, FuzzOptions.Lenient);
        Check.That(!datagram.IsIncomplete);
        if (lenient.IsComplete)
        {
            Check.Equal(lenient, datagram);
            Check.That(lenientHeader!.Equals(datagramHeader));
            Check.Equal(input.Length - lenient.BytesConsumed, payload.Length);
        }
        else
        {
            Check.Equal(lenient.IsIncomplete ? ProxyParseResult.Invalid(ProxyError.Truncated, input.Length) : lenient, datagram);
        }

        var strictDatagram = ProxyHeaderParser.ParseDatagram(input.ToArray(), out var strictHeader, out _);
        if (strictDatagram.IsComplete)
        {
            Check.Equal(datagram, strictDatagram);
            Check.That(strictHeader!.Command == ProxyCommand.Local || strictHeader.Transport != ProxyTransport.Stream);
        }
        else if (strictDatagram.Error == ProxyError.TransportMismatch)
        {
            Check.That(strictDatagram.ErrorOffset is 0 or 13);
        }
    }

    private static ProxyParseResult ParseChecked(ReadOnlySpan<byte> input, ProxyParserOptions options, out ProxyHeader? header)
    {
        var result = ProxyHeaderParser.Parse(input, out header, options);
        Check.Equal(result, ProxyHeaderParser.Validate(input, options));

        switch (result.Status)
        {
            case ProxyParseStatus.Complete:
                Check.That(header is not null);
                Check.That(result.BytesConsumed > 0 && result.BytesConsumed <= input.Length);
                Check.That(result.Error == ProxyError.None && result.ErrorOffset == 0);
                Check.That(result.BytesConsumed <= Math.Max(107, options.MaxHeaderLength));
                HeaderChecks.Exercise(header, result.BytesConsumed);

                // The header alone parses the same, and one byte less of it is incomplete.
                var alone = input.Slice(0, result.BytesConsumed);
                Check.Equal(result, ProxyHeaderParser.Parse(alone, out var again, options));
                Check.That(header.Equals(again));
                Check.That(ProxyHeaderParser.Validate(alone.Slice(0, alone.Length - 1), options).IsIncomplete);
                break;

            case ProxyParseStatus.Incomplete:
                Check.That(header is null);
                Check.That(result.Error == ProxyError.None && result.BytesConsumed == 0);

                // Never wait for more than a v1 line or the configured cap.
                Check.That(input.Length < Math.Max(107, options.MaxHeaderLength));
                break;

            default:
                Check.That(header is null);
                Check.That(result.Error is not (ProxyError.None or ProxyError.Truncated or ProxyError.Timeout));
                Check.That(result.ErrorOffset >= 0 && result.ErrorOffset <= input.Length);
                Check.That(Enum.IsDefined(result.Error));
                break;
        }

        // Stable under truncation: once the bytes so far decide, more bytes change nothing.
        if (!input.IsEmpty)
        {
            var shorter = ProxyHeaderParser.Validate(input.Slice(0, input.Length - 1), options);
            if (!shorter.IsIncomplete)
            {
                Check.Equal(shorter, result);
            }
        }

        return result;
    }
}
