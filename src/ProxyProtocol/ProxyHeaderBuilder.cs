using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ProxyProtocol.Encoders;
using ProxyProtocol.Internal;

namespace ProxyProtocol;

/// <summary>
/// Builds <see cref="ProxyHeader"/> values for senders and tests. TLVs are kept in the order they are added.
/// The source generator adds typed methods (<c>AddAuthority</c>, <c>AddAwsVpcEndpointId</c> …) to this class.
/// </summary>
/// <example>
/// <code>
/// var header = new ProxyHeaderBuilder()
///     .Proxy(IPEndPoint.Parse("192.0.2.10:51000"), IPEndPoint.Parse("198.51.100.1:443"))
///     .AddTlv(0x02, "example.com"u8)
///     .AddCrc32C()
///     .Build();
/// byte[] bytes = header.Encode();
/// </code>
/// </example>
public sealed partial class ProxyHeaderBuilder
{
    private readonly ArrayBufferWriter<byte> _tlvs = new();
    private HeaderFields _fields;
    private byte[]? _unixBlock;
    private int _crcTlvOffset = -1;

    /// <summary>Initializes a builder for a header of <paramref name="version"/>; it starts as LOCAL (v2) or UNKNOWN (v1).</summary>
    /// <param name="version">The version to build.</param>
    public ProxyHeaderBuilder(ProxyVersion version = ProxyVersion.V2)
    {
        if (version is not (ProxyVersion.V1 or ProxyVersion.V2))
        {
            throw new ArgumentOutOfRangeException(nameof(version));
        }

        _fields.Version = version;
        _fields.Command = version == ProxyVersion.V1 ? ProxyCommand.Proxy : ProxyCommand.Local;
    }

    /// <summary>Gets the version being built.</summary>
    public ProxyVersion Version => _fields.Version;

    /// <summary>
    /// Describes a relayed TCP (or, for v2, UDP) connection. When one endpoint is IPv4 and the other IPv6, the IPv4
    /// one is written in its IPv4-mapped IPv6 form, as HAProxy does; IPv4-mapped pairs stay IPv6.
    /// </summary>
    /// <param name="source">The original client.</param>
    /// <param name="destination">The address the client connected to.</param>
    /// <param name="transport">Stream (TCP) or, for v2, datagram (UDP).</param>
    /// <returns>This builder.</returns>
    public ProxyHeaderBuilder Proxy(IPEndPoint source, IPEndPoint destination, ProxyTransport transport = ProxyTransport.Stream)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (transport == ProxyTransport.Unspecified || (Version == ProxyVersion.V1 && transport != ProxyTransport.Stream))
        {
            throw new ArgumentException("v1 carries only TCP; v2 needs Stream or Datagram.", nameof(transport));
        }

        var v4 = source.AddressFamily == AddressFamily.InterNetwork && destination.AddressFamily == AddressFamily.InterNetwork;
        _fields.Command = ProxyCommand.Proxy;
        _fields.Family = v4 ? ProxyAddressFamily.InterNetwork : ProxyAddressFamily.InterNetworkV6;
        _fields.Transport = transport;
        _fields.SourceAddress = ToBytes(source.Address, v4, nameof(source));
        _fields.DestinationAddress = ToBytes(destination.Address, v4, nameof(destination));
        _fields.SourcePort = (ushort)source.Port;
        _fields.DestinationPort = (ushort)destination.Port;
        _unixBlock = null;
        return this;
    }

    /// <summary>Describes a relayed Unix socket connection (v2 only). Paths are UTF-8, at most 108 bytes, NUL-padded.</summary>
    /// <param name="sourcePath">The client's socket path.</param>
    /// <param name="destinationPath">The server's socket path.</param>
    /// <param name="transport">Stream or datagram.</param>
    /// <returns>This builder.</returns>
    public ProxyHeaderBuilder ProxyUnix(string sourcePath, string destinationPath, ProxyTransport transport = ProxyTransport.Stream)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(destinationPath);
        RequireV2("Unix sockets");
        if (transport == ProxyTransport.Unspecified)
        {
            throw new ArgumentException("Unix sockets need Stream or Datagram.", nameof(transport));
        }

        var block = new byte[2 * V2Format.UnixPathLength];
        WritePath(sourcePath, block.AsSpan(0, V2Format.UnixPathLength), nameof(sourcePath));
        WritePath(destinationPath, block.AsSpan(V2Format.UnixPathLength), nameof(destinationPath));
        Reset(ProxyCommand.Proxy); // drops IP addresses and ports from an earlier Proxy(): equality compares them
        _fields.Family = ProxyAddressFamily.Unix;
        _fields.Transport = transport;
        _unixBlock = block;
        return this;
    }

    /// <summary>Makes a v2 LOCAL header (family UNSPEC): the proxy's own connection, such as a health check.</summary>
    /// <returns>This builder.</returns>
    public ProxyHeaderBuilder Local()
    {
        RequireV2("LOCAL");
        Reset(ProxyCommand.Local);
        return this;
    }

    /// <summary>Makes a header without addresses: v1 <c>PROXY UNKNOWN</c>, or v2 PROXY with family UNSPEC.</summary>
    /// <returns>This builder.</returns>
    public ProxyHeaderBuilder Unknown()
    {
        Reset(ProxyCommand.Proxy);
        return this;
    }

    /// <summary>Appends a raw TLV (v2 only).</summary>
    /// <param name="type">The type byte.</param>
    /// <param name="value">The value, at most 65535 bytes.</param>
    /// <returns>This builder.</returns>
    public ProxyHeaderBuilder AddTlv(byte type, ReadOnlySpan<byte> value)
    {
        RequireV2("TLVs");
        if (type == V2Format.TypeCrc32C)
        {
            throw new ArgumentException("Use AddCrc32C: the checksum is computed when the header is encoded.", nameof(type));
        }

        value.CopyTo(BeginTlv(type, value.Length));
        _tlvs.Advance(3 + value.Length);
        return this;
    }

    /// <summary>Appends a typed TLV (v2 only), with its subtype byte when it has one. When the value cannot be encoded
    /// the builder is left as it was.</summary>
    /// <typeparam name="T">A typed TLV, generated from the registry or from a <c>[ProxyTlv]</c> declaration.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The value cannot be encoded (its codec refuses it, or it is longer than a TLV).</exception>
    /// <exception cref="InvalidOperationException">The header is v1, or <typeparamref name="T"/>'s own codec broke its
    /// contract (a negative length, or a write of another length than it announced).</exception>
    public ProxyHeaderBuilder AddTlv<T>(T value)
        where T : IProxyTlv<T>
    {
        RequireV2("TLVs");
        var subtype = T.Subtype;
        var extra = subtype is null ? 0 : 1;
        var length = T.GetEncodedLength(value);
        if (length < 0)
        {
            throw new InvalidOperationException($"{typeof(T).Name} announced a negative length ({length}).");
        }

        // Checked before adding the subtype byte, which would overflow a length near int.MaxValue.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, ushort.MaxValue - extra, nameof(value));

        var span = BeginTlv(T.Type, extra + length);
        if (subtype is { } s)
        {
            span[0] = s;
        }

        var written = T.Encode(value, span.Slice(extra));
        if (written != length)
        {
            throw new InvalidOperationException($"{typeof(T).Name} wrote {written} bytes but announced {length}.");
        }

        _tlvs.Advance(3 + extra + length);
        return this;
    }

    /// <summary>Appends a CRC32C TLV at this position (v2 only); its value is computed over the whole header when encoded.</summary>
    /// <returns>This builder.</returns>
    public ProxyHeaderBuilder AddCrc32C()
    {
        RequireV2("CRC32C");
        if (_crcTlvOffset >= 0)
        {
            throw new InvalidOperationException("The header already has a CRC32C TLV.");
        }

        var start = _tlvs.WrittenCount;
        BeginTlv(V2Format.TypeCrc32C, 4).Clear();
        _tlvs.Advance(3 + 4);
        _crcTlvOffset = start + 3;
        return this;
    }

    /// <summary>Builds the header. The builder can be changed and used again afterwards.</summary>
    /// <returns>The header; its CRC32C TLV, if any, holds the computed checksum.</returns>
    public ProxyHeader Build()
    {
        if (Version == ProxyVersion.V1)
        {
            return new ProxyHeader(_fields, null, 0, -1, null, HeaderEncoder.GetV1Length(_fields));
        }

        var prefix = _unixBlock?.Length ?? 0;
        var tlvs = _tlvs.WrittenSpan;
        var data = new byte[prefix + tlvs.Length];
        _unixBlock?.CopyTo(data, 0);
        tlvs.CopyTo(data.AsSpan(prefix));
        var crcOffset = _crcTlvOffset < 0 ? -1 : prefix + _crcTlvOffset;
        var length = HeaderEncoder.GetV2Length(_fields, data);
        if (length > ProxyParserOptions.MaxV2HeaderLength)
        {
            throw new InvalidOperationException($"The header would be {length} bytes; v2 allows at most {ProxyParserOptions.MaxV2HeaderLength}.");
        }

        if (crcOffset >= 0)
        {
            // Store the real checksum so the built header equals what a receiver parses.
            var encoded = new byte[length];
            HeaderEncoder.WriteV2(_fields, data, crcOffset, encoded);
            var dataStart = length - data.Length;
            encoded.AsSpan(dataStart + crcOffset, 4).CopyTo(data.AsSpan(crcOffset));
        }

        return new ProxyHeader(_fields, data.Length == 0 ? null : data, prefix, crcOffset, crcOffset >= 0 ? true : null, length);
    }

    private static AddressBytes ToBytes(IPAddress address, bool v4, string paramName)
    {
        var bytes = default(AddressBytes);
        var target = v4 ? address : (address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address);
        if (target.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses can be sent.", paramName);
        }

        target.TryWriteBytes(bytes, out _);
        return bytes;
    }

    private static void WritePath(string path, Span<byte> field, string paramName)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) > field.Length)
        {
            throw new ArgumentException($"A Unix socket path is at most {field.Length} bytes.", paramName);
        }

        System.Text.Encoding.UTF8.GetBytes(path, field);
    }

    private void Reset(ProxyCommand command)
    {
        _fields.Command = command;
        _fields.Family = ProxyAddressFamily.Unspecified;
        _fields.Transport = ProxyTransport.Unspecified;
        _fields.SourceAddress = default;
        _fields.DestinationAddress = default;
        _fields.SourcePort = 0;
        _fields.DestinationPort = 0;
        _unixBlock = null;
    }

    private void RequireV2(string what)
    {
        if (Version != ProxyVersion.V2)
        {
            throw new InvalidOperationException($"{what} need a v2 header.");
        }
    }

    // Writes type and length and returns the span for the value (subtype byte included). Nothing is advanced: the caller
    // advances past all 3 + length bytes once the value is written, so a value that fails leaves no TLV behind.
    private Span<byte> BeginTlv(byte type, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, ushort.MaxValue, "value");
        var tlv = _tlvs.GetSpan(3 + length);
        tlv[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(tlv.Slice(1), (ushort)length);
        return tlv.Slice(3, length);
    }
}
