using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using ProxyProtocol.Fuzz.Support;

namespace ProxyProtocol.Fuzz.Targets;

/// <summary>
/// The typed TLV accessors generated from <c>tlv-registry.json</c>. The input is a TLV area, wrapped in a v2 LOCAL
/// header so every input reaches the decoders. Typed values never come from bytes they do not represent (text is
/// exact: no lossy UTF-8, ASCII printable only), decode → encode → decode is stable for every typed TLV, and the
/// typed-TLV enumeration lists exactly the typed properties that are set.
/// </summary>
public static class TlvTarget
{
    private const byte Alpn = 0x01, Authority = 0x02, UniqueId = 0x05, Netns = 0x30, Aws = 0xEA;

    /// <summary>Runs one input.</summary>
    /// <param name="input">The TLV area of a v2 header.</param>
    public static void Run(ReadOnlySpan<byte> input)
    {
        var area = input.Length > ushort.MaxValue ? input.Slice(0, ushort.MaxValue) : input;
        var bytes = Wrap(area);
        var result = ProxyHeaderParser.Parse(bytes, out var header, FuzzOptions.RoundTrip);
        if (!result.IsComplete)
        {
            // With the fixed part valid, only the TLV area can be wrong.
            Check.That(result.IsInvalid && result.Error is ProxyError.V2TlvOverrun or ProxyError.V2InvalidCrc32CLength
                or ProxyError.V2DuplicateCrc32C or ProxyError.V2Crc32CMismatch or ProxyError.V2UniqueIdTooLong);
            return;
        }

        CheckBytes(header!.Alpn, header, Alpn);
        CheckBytes(header.UniqueId, header, UniqueId);
        CheckText(header.Authority, header, Authority, ascii: false);
        CheckText(header.Netns, header, Netns, ascii: true);
        CheckAws(header);
        if (header.Ssl is { } ssl)
        {
            CheckSsl(ssl);
        }

        _ = header.AzurePrivateLinkId;
        _ = header.GcpPscConnectionId;

        RoundTrip<AlpnTlv>(header);
        RoundTrip<AuthorityTlv>(header);
        RoundTrip<UniqueIdTlv>(header);
        RoundTrip<SslTlv>(header);
        RoundTrip<NetnsTlv>(header);
        RoundTrip<AwsVpcEndpointIdTlv>(header);
        RoundTrip<AzurePrivateLinkIdTlv>(header);
        RoundTrip<GcpPscConnectionIdTlv>(header);
        CheckTypedTlvs(header);
    }

    private static byte[] Wrap(ReadOnlySpan<byte> area)
    {
        var bytes = new byte[16 + area.Length];
        "\r\n\r\n\0\r\nQUIT\n"u8.CopyTo(bytes);
        bytes[12] = 0x20; // LOCAL
        bytes[13] = 0x00; // UNSPEC
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(14), (ushort)area.Length);
        area.CopyTo(bytes.AsSpan(16));
        return bytes;
    }

    private static void CheckBytes(ReadOnlyMemory<byte>? typed, ProxyHeader header, byte type)
    {
        if (typed is { } value)
        {
            Check.That(header.TryGetTlv(type, out var raw) && raw.Span.SequenceEqual(value.Span));
        }
    }

    // Typed text is exactly the raw value; raw bytes that are not valid text never surface as a string.
    private static void CheckText(string? typed, ProxyHeader header, byte type, bool ascii)
    {
        if (!header.TryGetTlv(type, out var raw))
        {
            Check.That(typed is null);
            return;
        }

        if (!Utf8.IsValid(raw.Span) || (ascii && raw.Span.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0))
        {
            Check.That(typed is null);
        }

        if (typed is not null)
        {
            Check.That(Encoding.UTF8.GetBytes(typed).AsSpan().SequenceEqual(raw.Span));
        }
    }

    private static void CheckAws(ProxyHeader header)
    {
        if (header.AwsVpcEndpointId is not { } id)
        {
            return;
        }

        // The first AWS TLV with subtype 0x01 holds it.
        foreach (var tlv in header.Tlvs)
        {
            if (tlv.Type == Aws && tlv.Value.Length >= 1 && tlv.Value.Span[0] == 0x01)
            {
                Check.That(Encoding.ASCII.GetBytes(id).AsSpan().SequenceEqual(tlv.Value.Span.Slice(1)));
                return;
            }
        }

        Check.That(false);
    }

    private static void CheckSsl(SslTlv ssl)
    {
        foreach (var text in (ReadOnlySpan<string?>)[ssl.Version, ssl.Cipher, ssl.SignatureAlgorithm, ssl.KeyAlgorithm, ssl.Group, ssl.SignatureScheme])
        {
            Check.That(text is null || !text.AsSpan().ContainsAnyExceptInRange((char)0x20, (char)0x7E));
        }

        Check.That(ssl.CommonName is null || Utf8.IsValid(Encoding.UTF8.GetBytes(ssl.CommonName)));
        _ = ssl.ClientCertificate;
        Check.Equal(ssl.Verify == 0 && (ssl.Client & (SslClientFlags.CertificateConnection | SslClientFlags.CertificateSession)) != 0, ssl.IsClientCertificateVerified);
        _ = ssl.ToString();
    }

    // decode → encode → decode: what was decoded encodes (never throws) and decodes to an equal value.
    private static void RoundTrip<T>(ProxyHeader header)
        where T : IProxyTlv<T>, IEquatable<T>
    {
        if (!header.TryGetTlv<T>(out var value))
        {
            return;
        }

        var rebuilt = new ProxyHeaderBuilder().Local().AddTlv(value).Build();
        var again = ProxyHeaderParser.Parse(rebuilt.Encode(), out var parsed, FuzzOptions.RoundTrip);
        Check.That(again.IsComplete);
        Check.That(parsed!.TryGetTlv<T>(out var decoded));
        Check.That(value.Equals(decoded));
        _ = value.ToString();
    }

    private static void CheckTypedTlvs(ProxyHeader header)
    {
        object?[] properties = [header.Alpn, header.Authority, header.UniqueId, header.Ssl, header.Netns, header.AwsVpcEndpointId, header.AzurePrivateLinkId, header.GcpPscConnectionId];
        var listed = header.TypedTlvs.Select(t => t.Value).ToList();
        Check.Equal(properties.Count(p => p is not null), listed.Count);
        Check.That(listed.SequenceEqual(properties.Where(p => p is not null).Select(p => p!), new BoxedEquality()));
    }

    // ReadOnlyMemory<byte> compares by reference in Equals; the enumeration and the property slice the same buffer.
    private sealed class BoxedEquality : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => x is ReadOnlyMemory<byte> a && y is ReadOnlyMemory<byte> b ? a.Span.SequenceEqual(b.Span) : object.Equals(x, y);

        public int GetHashCode(object obj) => 0;
    }
}
