using ProxyProtocol.Encoders;

namespace ProxyProtocol;

/// <content>Encoding: <see cref="GetEncodedLength"/>, <see cref="TryEncode"/> and <see cref="Encode"/>.</content>
public sealed partial class ProxyHeader
{
    /// <summary>Gets the number of bytes <see cref="TryEncode"/> writes.</summary>
    /// <returns>The encoded length.</returns>
    public int GetEncodedLength()
    {
        CopyFields(out var fields);
        return Version == ProxyVersion.V1 ? HeaderEncoder.GetV1Length(fields) : HeaderEncoder.GetV2Length(fields, Data);
    }

    /// <summary>
    /// Encodes the header without allocating. TLVs are written in order; a CRC32C TLV, if present, is recomputed
    /// over the finished header. A v1 <c>UNKNOWN</c> line is written as <c>PROXY UNKNOWN\r\n</c>.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns>True when the header fit.</returns>
    public bool TryEncode(Span<byte> destination, out int bytesWritten)
    {
        CopyFields(out var fields);
        if (Version == ProxyVersion.V1)
        {
            Span<byte> line = stackalloc byte[Internal.V2Format.MaxV1Length];
            var length = HeaderEncoder.WriteV1(fields, line);
            if (!line.Slice(0, length).TryCopyTo(destination))
            {
                bytesWritten = 0;
                return false;
            }

            bytesWritten = length;
            return true;
        }

        if (destination.Length < HeaderEncoder.GetV2Length(fields, Data))
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = HeaderEncoder.WriteV2(fields, Data, CrcValueOffset, destination);
        return true;
    }

    /// <summary>Encodes the header into a new array.</summary>
    /// <returns>The encoded header.</returns>
    public byte[] Encode()
    {
        var bytes = new byte[GetEncodedLength()];
        TryEncode(bytes, out _);
        return bytes;
    }
}
