using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using ProxyProtocol.Internal;

namespace ProxyProtocol;

/// <summary>
/// A parsed or built PROXY protocol header: immutable, with value equality. Addresses are kept inline and
/// materialised as <see cref="IPEndPoint"/> on access; TLVs are slices of one owned buffer.
/// The source generator adds typed TLV accessors (<c>Authority</c>, <c>Ssl</c>, <c>AwsVpcEndpointId</c> …) to this class.
/// </summary>
public sealed partial class ProxyHeader : IEquatable<ProxyHeader>
{
    private readonly AddressBytes _sourceAddress;
    private readonly AddressBytes _destinationAddress;
    private readonly ushort _sourcePort;
    private readonly ushort _destinationPort;

    // Every byte after the 16-byte v2 prefix except an IPv4/IPv6 PROXY address block (kept inline above):
    // the UNIX path block, a LOCAL header's ignored address block, then the TLVs from _tlvStart.
    private readonly byte[]? _data;
    private readonly int _tlvStart;
    private readonly int _crcValueOffset;

    internal ProxyHeader(in HeaderFields fields, byte[]? data, int tlvStart, int crcValueOffset, bool? crc32CVerified, int headerLength)
    {
        Version = fields.Version;
        Command = fields.Command;
        AddressFamily = fields.Family;
        Transport = fields.Transport;
        _sourceAddress = fields.SourceAddress;
        _destinationAddress = fields.DestinationAddress;
        _sourcePort = fields.SourcePort;
        _destinationPort = fields.DestinationPort;
        _data = data;
        _tlvStart = tlvStart;
        _crcValueOffset = crcValueOffset;
        Crc32CVerified = crc32CVerified;
        HeaderLength = headerLength;
    }

    /// <summary>Gets the protocol version.</summary>
    public ProxyVersion Version { get; }

    /// <summary>Gets the command. Version 1 headers are always <see cref="ProxyCommand.Proxy"/>.</summary>
    public ProxyCommand Command { get; }

    /// <summary>Gets the address family as sent (for LOCAL it is reported but carries no addresses).
    /// A v1 <c>UNKNOWN</c> line is <see cref="ProxyAddressFamily.Unspecified"/>.</summary>
    public ProxyAddressFamily AddressFamily { get; }

    /// <summary>Gets the transport as sent. v1 <c>TCP4</c>/<c>TCP6</c> lines are <see cref="ProxyTransport.Stream"/>.</summary>
    public ProxyTransport Transport { get; }

    /// <summary>Gets a value indicating whether the header carries the client's IP endpoints
    /// (PROXY with IPv4 or IPv6). When false, use the socket's own endpoints.</summary>
    public bool HasIPEndPoints =>
        Command == ProxyCommand.Proxy && AddressFamily is ProxyAddressFamily.InterNetwork or ProxyAddressFamily.InterNetworkV6;

    /// <summary>Gets the original client (source) endpoint, or null when <see cref="HasIPEndPoints"/> is false.
    /// Each access returns a new <see cref="IPEndPoint"/> (it is mutable), so the header itself stays immutable.</summary>
    public IPEndPoint? Source => HasIPEndPoints ? CreateEndPoint(_sourceAddress, _sourcePort, AddressFamily) : null;

    /// <summary>Gets the original destination endpoint (as the proxy accepted it), or null when <see cref="HasIPEndPoints"/> is false.
    /// Each access returns a new <see cref="IPEndPoint"/>.</summary>
    public IPEndPoint? Destination => HasIPEndPoints ? CreateEndPoint(_destinationAddress, _destinationPort, AddressFamily) : null;

    /// <summary>Gets the source Unix socket path of a PROXY header with the UNIX family, trailing NULs removed
    /// (a Linux abstract socket keeps its leading NUL); otherwise null.</summary>
    public string? SourceUnixPath => IsUnixProxy ? DecodeUnixPath(_data.AsSpan(0, V2Format.UnixPathLength)) : null;

    /// <summary>Gets the destination Unix socket path of a PROXY header with the UNIX family; otherwise null.</summary>
    public string? DestinationUnixPath => IsUnixProxy ? DecodeUnixPath(_data.AsSpan(V2Format.UnixPathLength, V2Format.UnixPathLength)) : null;

    /// <summary>Gets the raw TLVs in wire order (empty for v1).</summary>
    public ProxyTlvCollection Tlvs => new(_data is null ? ReadOnlyMemory<byte>.Empty : _data.AsMemory(_tlvStart));

    /// <summary>Gets whether the CRC32C TLV matched: true when it did, false when it did not (only possible when
    /// <see cref="ProxyParserOptions.RejectCrc32CMismatch"/> is off), null when the header has none.</summary>
    public bool? Crc32CVerified { get; }

    /// <summary>Gets the number of bytes the header occupies on the wire.</summary>
    public int HeaderLength { get; }

    private bool IsUnixProxy => Command == ProxyCommand.Proxy && AddressFamily == ProxyAddressFamily.Unix;

    /// <summary>Finds the first TLV of a type.</summary>
    /// <param name="type">The type byte.</param>
    /// <param name="value">Its value, when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetTlv(byte type, out ReadOnlyMemory<byte> value)
    {
        foreach (var tlv in Tlvs)
        {
            if (tlv.Type == type)
            {
                value = tlv.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Finds and decodes the first TLV of <typeparamref name="T"/>'s type (and subtype, when it has one).
    /// Returns false when it is absent or malformed; the raw bytes stay available through <see cref="Tlvs"/>.
    /// </summary>
    /// <typeparam name="T">A typed TLV, generated from the registry or from a <c>[ProxyTlv]</c> declaration.</typeparam>
    /// <param name="value">The decoded value; default (null for a class) when the method returns false.</param>
    /// <returns>True when found and well formed.</returns>
    public bool TryGetTlv<T>([MaybeNullWhen(false)] out T value)
        where T : IProxyTlv<T>
    {
        var subtype = T.Subtype;
        foreach (var tlv in Tlvs)
        {
            if (tlv.Type != T.Type)
            {
                continue;
            }

            var memory = tlv.Value;
            if (subtype is null)
            {
                return T.TryDecode(memory, out value);
            }

            if (memory.Length >= 1 && memory.Span[0] == subtype.Value)
            {
                return T.TryDecode(memory.Slice(1), out value);
            }
        }

        value = default;
        return false;
    }

    /// <inheritdoc/>
    public bool Equals(ProxyHeader? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && Version == other.Version
            && Command == other.Command
            && AddressFamily == other.AddressFamily
            && Transport == other.Transport
            && HeaderLength == other.HeaderLength
            && Crc32CVerified == other.Crc32CVerified
            && _sourcePort == other._sourcePort
            && _destinationPort == other._destinationPort
            && ((ReadOnlySpan<byte>)_sourceAddress).SequenceEqual(other._sourceAddress)
            && ((ReadOnlySpan<byte>)_destinationAddress).SequenceEqual(other._destinationAddress)
            && _tlvStart == other._tlvStart
            && _data.AsSpan().SequenceEqual(other._data);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ProxyHeader);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Version);
        hash.Add(Command);
        hash.Add(AddressFamily);
        hash.Add(Transport);
        hash.Add(HeaderLength);
        hash.Add(_sourcePort);
        hash.AddBytes(_sourceAddress);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    /// <summary>Compares two headers by value.</summary>
    /// <param name="left">The first header.</param>
    /// <param name="right">The second header.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ProxyHeader? left, ProxyHeader? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two headers by value.</summary>
    /// <param name="left">The first header.</param>
    /// <param name="right">The second header.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ProxyHeader? left, ProxyHeader? right) => !(left == right);

    /// <summary>
    /// Describes the header, for example <c>PROXY v2 PROXY TCP/IPv4 192.0.2.1:5000 -> 198.51.100.1:443, TLVs 0x03[4] 0x02[11], CRC32C verified</c>.
    /// TLV values are not shown: they are client-controlled.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder(96);
        sb.Append("PROXY v").Append((int)Version).Append(' ').Append(Command == ProxyCommand.Local ? "LOCAL" : "PROXY");
        sb.Append(' ').Append(Transport switch
        {
            ProxyTransport.Stream => AddressFamily == ProxyAddressFamily.Unix ? "UNIX-STREAM" : "TCP",
            ProxyTransport.Datagram => AddressFamily == ProxyAddressFamily.Unix ? "UNIX-DGRAM" : "UDP",
            _ => "UNSPEC",
        });
        sb.Append('/').Append(AddressFamily switch
        {
            ProxyAddressFamily.InterNetwork => "IPv4",
            ProxyAddressFamily.InterNetworkV6 => "IPv6",
            ProxyAddressFamily.Unix => "UNIX",
            _ => "UNSPEC",
        });
        if (HasIPEndPoints)
        {
            sb.Append(' ').Append(Source).Append(" -> ").Append(Destination);
        }
        else if (IsUnixProxy)
        {
            sb.Append(' ').Append(Escape(SourceUnixPath!)).Append(" -> ").Append(Escape(DestinationUnixPath!));
        }

        var first = true;
        foreach (var tlv in Tlvs)
        {
            sb.Append(first ? ", TLVs " : " ").Append(tlv.ToString());
            first = false;
        }

        if (Crc32CVerified is { } verified)
        {
            sb.Append(verified ? ", CRC32C verified" : ", CRC32C MISMATCH");
        }

        return sb.ToString();
    }

    internal ReadOnlySpan<byte> Data => _data;

    internal int CrcValueOffset => _crcValueOffset;

    internal void CopyFields(out HeaderFields fields) => fields = new HeaderFields
    {
        Version = Version,
        Command = Command,
        Family = AddressFamily,
        Transport = Transport,
        SourceAddress = _sourceAddress,
        DestinationAddress = _destinationAddress,
        SourcePort = _sourcePort,
        DestinationPort = _destinationPort,
    };

    private static IPEndPoint CreateEndPoint(in AddressBytes address, ushort port, ProxyAddressFamily family)
    {
        ReadOnlySpan<byte> bytes = address;
        return new IPEndPoint(new IPAddress(family == ProxyAddressFamily.InterNetwork ? bytes.Slice(0, 4) : bytes), port);
    }

    private static string DecodeUnixPath(ReadOnlySpan<byte> field)
    {
        var end = field.LastIndexOfAnyExcept((byte)0) + 1;
        return Encoding.UTF8.GetString(field.Slice(0, end));
    }

    private static string Escape(string path) => path.Replace("\0", "\\0", StringComparison.Ordinal);
}
