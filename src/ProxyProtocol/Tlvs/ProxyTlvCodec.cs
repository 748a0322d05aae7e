using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Unicode;

namespace ProxyProtocol;

/// <summary>
/// Value encodings shared by the generated TLV types (<c>tlv-registry.json</c> and <see cref="ProxyTlvAttribute"/>).
/// <c>TryRead…</c> methods never throw: malformed input returns false. <c>Get…Length</c> methods validate a value
/// before encoding and throw <see cref="ArgumentException"/> for one that cannot be sent.
/// </summary>
public static class ProxyTlvCodec
{
    /// <summary>The largest TLV value, in bytes.</summary>
    public const int MaxValueLength = ushort.MaxValue;

    /// <summary>Reads a UTF-8 string of <paramref name="minLength"/> to <paramref name="maxLength"/> bytes.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="minLength">The least number of bytes.</param>
    /// <param name="maxLength">The most bytes.</param>
    /// <param name="result">The string.</param>
    /// <returns>False when the length is out of range or the bytes are not valid UTF-8.</returns>
    public static bool TryReadUtf8(ReadOnlySpan<byte> value, int minLength, int maxLength, out string result)
    {
        if (value.Length < minLength || value.Length > maxLength || !Utf8.IsValid(value))
        {
            result = string.Empty;
            return false;
        }

        result = Encoding.UTF8.GetString(value);
        return true;
    }

    /// <summary>Reads a printable US-ASCII string (0x20–0x7E) of <paramref name="minLength"/> to <paramref name="maxLength"/> bytes.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="minLength">The least number of bytes.</param>
    /// <param name="maxLength">The most bytes.</param>
    /// <param name="result">The string.</param>
    /// <returns>False when the length is out of range or a byte is not printable ASCII.</returns>
    public static bool TryReadAscii(ReadOnlySpan<byte> value, int minLength, int maxLength, out string result)
    {
        if (value.Length < minLength || value.Length > maxLength || value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            result = string.Empty;
            return false;
        }

        result = Encoding.ASCII.GetString(value);
        return true;
    }

    /// <summary>Copies <paramref name="minLength"/> to <paramref name="maxLength"/> bytes.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="minLength">The least number of bytes.</param>
    /// <param name="maxLength">The most bytes.</param>
    /// <param name="result">A copy of the bytes.</param>
    /// <returns>False when the length is out of range.</returns>
    public static bool TryReadBytes(ReadOnlySpan<byte> value, int minLength, int maxLength, out byte[] result)
    {
        if (value.Length < minLength || value.Length > maxLength)
        {
            result = [];
            return false;
        }

        result = value.ToArray();
        return true;
    }

    /// <summary>Reads a byte; the value must be exactly 1 byte long.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="result">The number.</param>
    /// <returns>False when the length is not 1.</returns>
    public static bool TryReadUInt8(ReadOnlySpan<byte> value, out byte result)
    {
        result = value.Length == 1 ? value[0] : (byte)0;
        return value.Length == 1;
    }

    /// <summary>Reads a 16-bit unsigned integer; the value must be exactly 2 bytes long.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="bigEndian">True for network order.</param>
    /// <param name="result">The number.</param>
    /// <returns>False when the length is not 2.</returns>
    public static bool TryReadUInt16(ReadOnlySpan<byte> value, bool bigEndian, out ushort result)
    {
        result = value.Length != 2 ? (ushort)0 : bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt16LittleEndian(value);
        return value.Length == 2;
    }

    /// <summary>Reads a 32-bit unsigned integer; the value must be exactly 4 bytes long.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="bigEndian">True for network order.</param>
    /// <param name="result">The number.</param>
    /// <returns>False when the length is not 4.</returns>
    public static bool TryReadUInt32(ReadOnlySpan<byte> value, bool bigEndian, out uint result)
    {
        result = value.Length != 4 ? 0 : bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(value) : BinaryPrimitives.ReadUInt32LittleEndian(value);
        return value.Length == 4;
    }

    /// <summary>Reads a 64-bit unsigned integer; the value must be exactly 8 bytes long.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="bigEndian">True for network order.</param>
    /// <param name="result">The number.</param>
    /// <returns>False when the length is not 8.</returns>
    public static bool TryReadUInt64(ReadOnlySpan<byte> value, bool bigEndian, out ulong result)
    {
        result = value.Length != 8 ? 0 : bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(value) : BinaryPrimitives.ReadUInt64LittleEndian(value);
        return value.Length == 8;
    }

    /// <summary>Reads an IPv4 (4 bytes) or IPv6 (16 bytes) address in network order.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="result">The address.</param>
    /// <returns>False for any other length.</returns>
    public static bool TryReadIPAddress(ReadOnlySpan<byte> value, out IPAddress result)
    {
        if (value.Length is not (4 or 16))
        {
            result = IPAddress.None;
            return false;
        }

        result = new IPAddress(value);
        return true;
    }

    /// <summary>Reads a 16-byte GUID in big-endian (RFC 9562) order.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="result">The GUID.</param>
    /// <returns>False when the length is not 16.</returns>
    public static bool TryReadGuid(ReadOnlySpan<byte> value, out Guid result)
    {
        result = value.Length == 16 ? new Guid(value, bigEndian: true) : Guid.Empty;
        return value.Length == 16;
    }

    /// <summary>Reads one TLV (type, 16-bit big-endian length, value) from the start of <paramref name="data"/>
    /// and moves past it; used for nested TLVs such as SSL's sub-TLVs.</summary>
    /// <param name="data">The remaining bytes; advanced past the TLV on success.</param>
    /// <param name="type">The type byte.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when fewer bytes remain than the TLV announces.</returns>
    public static bool TryReadTlv(ref ReadOnlySpan<byte> data, out byte type, out ReadOnlySpan<byte> value)
    {
        if (data.Length < 3 || data.Length - 3 < BinaryPrimitives.ReadUInt16BigEndian(data.Slice(1)))
        {
            type = 0;
            value = default;
            return false;
        }

        type = data[0];
        value = data.Slice(3, BinaryPrimitives.ReadUInt16BigEndian(data.Slice(1)));
        data = data.Slice(3 + value.Length);
        return true;
    }

    /// <summary>Gets the UTF-8 length of a string, checking it against the allowed range.</summary>
    /// <param name="value">The string.</param>
    /// <param name="minLength">The least number of bytes.</param>
    /// <param name="maxLength">The most bytes.</param>
    /// <returns>The length in bytes.</returns>
    /// <exception cref="ArgumentException">The length is out of range.</exception>
    public static int GetUtf8Length(string value, int minLength, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        return CheckLength(Encoding.UTF8.GetByteCount(value), minLength, maxLength, nameof(value));
    }

    /// <summary>Gets the length of a printable US-ASCII string, checking its characters and length.</summary>
    /// <param name="value">The string.</param>
    /// <param name="minLength">The least number of bytes.</param>
    /// <param name="maxLength">The most bytes.</param>
    /// <returns>The length in bytes.</returns>
    /// <exception cref="ArgumentException">A character is not printable ASCII, or the length is out of range.</exception>
    public static int GetAsciiLength(string value, int minLength, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAnyExceptInRange((char)0x20, (char)0x7E) >= 0)
        {
            throw new ArgumentException("The value must be printable US-ASCII (0x20-0x7E).", nameof(value));
        }

        return CheckLength(value.Length, minLength, maxLength, nameof(value));
    }

    /// <summary>Gets the length of a byte string, checking it against the allowed range.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="minLength">The least number of bytes.</param>
    /// <param name="maxLength">The most bytes.</param>
    /// <returns>The length in bytes.</returns>
    /// <exception cref="ArgumentException">The length is out of range.</exception>
    public static int GetBytesLength(ReadOnlySpan<byte> value, int minLength, int maxLength) => CheckLength(value.Length, minLength, maxLength, nameof(value));

    /// <summary>Gets the encoded length of an IP address: 4 for IPv4, 16 for IPv6.</summary>
    /// <param name="value">The address.</param>
    /// <returns>The length in bytes.</returns>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public static int GetIPAddressLength(IPAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AddressFamily switch
        {
            System.Net.Sockets.AddressFamily.InterNetwork => 4,
            System.Net.Sockets.AddressFamily.InterNetworkV6 => 16,
            _ => throw new ArgumentException("Only IPv4 and IPv6 addresses can be encoded.", nameof(value)),
        };
    }

    /// <summary>Writes a string as UTF-8.</summary>
    /// <param name="value">The string.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteUtf8(string value, Span<byte> destination) => Encoding.UTF8.GetBytes(value, destination);

    /// <summary>Writes a string checked by <see cref="GetAsciiLength"/> as ASCII.</summary>
    /// <param name="value">The string.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteAscii(string value, Span<byte> destination) => Encoding.ASCII.GetBytes(value, destination);

    /// <summary>Copies bytes.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteBytes(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        value.CopyTo(destination);
        return value.Length;
    }

    /// <summary>Writes a byte.</summary>
    /// <param name="value">The number.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>1.</returns>
    public static int WriteUInt8(byte value, Span<byte> destination)
    {
        destination[0] = value;
        return 1;
    }

    /// <summary>Writes a 16-bit unsigned integer.</summary>
    /// <param name="value">The number.</param>
    /// <param name="bigEndian">True for network order.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>2.</returns>
    public static int WriteUInt16(ushort value, bool bigEndian, Span<byte> destination)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        }

        return 2;
    }

    /// <summary>Writes a 32-bit unsigned integer.</summary>
    /// <param name="value">The number.</param>
    /// <param name="bigEndian">True for network order.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>4.</returns>
    public static int WriteUInt32(uint value, bool bigEndian, Span<byte> destination)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }

        return 4;
    }

    /// <summary>Writes a 64-bit unsigned integer.</summary>
    /// <param name="value">The number.</param>
    /// <param name="bigEndian">True for network order.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>8.</returns>
    public static int WriteUInt64(ulong value, bool bigEndian, Span<byte> destination)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, value);
        }

        return 8;
    }

    /// <summary>Writes an IP address in network order.</summary>
    /// <param name="value">The address.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteIPAddress(IPAddress value, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.TryWriteBytes(destination, out var written) ? written : throw new ArgumentException("The destination is too small.", nameof(destination));
    }

    /// <summary>Writes a GUID in big-endian (RFC 9562) order.</summary>
    /// <param name="value">The GUID.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>16.</returns>
    public static int WriteGuid(Guid value, Span<byte> destination) =>
        value.TryWriteBytes(destination, bigEndian: true, out var written) ? written : throw new ArgumentException("The destination is too small.", nameof(destination));

    /// <summary>Writes a nested TLV header (type and 16-bit big-endian length) followed by nothing; the caller writes the value.</summary>
    /// <param name="type">The type byte.</param>
    /// <param name="valueLength">The value's length.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>3.</returns>
    public static int WriteTlvHeader(byte type, int valueLength, Span<byte> destination)
    {
        CheckLength(valueLength, 0, MaxValueLength, nameof(valueLength));
        destination[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(1), (ushort)valueLength);
        return 3;
    }

    /// <summary>Compares two optional byte strings by content.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when both are null or both hold the same bytes.</returns>
    public static bool BytesEqual(ReadOnlyMemory<byte>? left, ReadOnlyMemory<byte>? right) =>
        left is { } l ? right is { } r && l.Span.SequenceEqual(r.Span) : right is null;

    private static int CheckLength(int length, int minLength, int maxLength, string paramName)
    {
        if (length < minLength || length > maxLength)
        {
            throw new ArgumentException($"The value must be {minLength} to {maxLength} bytes long; it is {length}.", paramName);
        }

        return length;
    }
}
