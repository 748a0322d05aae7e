using System.Buffers.Binary;
using ProxyProtocol.Parsing;

namespace ProxyProtocol;

public sealed partial class ProxyHeader
{
    /// <summary>
    /// A header from a validated v2 header: the fixed fields and IP addresses are read straight from the bytes
    /// into this object, so the parser neither fills nor copies an intermediate field struct.
    /// </summary>
    /// <param name="header">Exactly the validated header.</param>
    /// <param name="layout">Where the kept data and the CRC32C sit, from the parser.</param>
    internal ProxyHeader(ReadOnlySpan<byte> header, in V2Layout layout)
    {
        var famByte = header[13];
        var command = (ProxyCommand)(header[12] & 0x0F);
        var family = (ProxyAddressFamily)(famByte >> 4);
        Version = ProxyVersion.V2;
        Command = command;
        AddressFamily = family;
        Transport = (ProxyTransport)(famByte & 0x0F);

        // Decided on locals (not HasIPEndPoints, which the JIT may leave as a call), with constant-length copies
        // that the JIT unrolls instead of calling Memmove.
        if (command == ProxyCommand.Proxy && family == ProxyAddressFamily.InterNetwork)
        {
            header.Slice(16, 4).CopyTo(_sourceAddress);
            header.Slice(20, 4).CopyTo(_destinationAddress);
            _sourcePort = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(24));
            _destinationPort = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(26));
        }
        else if (command == ProxyCommand.Proxy && family == ProxyAddressFamily.InterNetworkV6)
        {
            header.Slice(16, 16).CopyTo(_sourceAddress);
            header.Slice(32, 16).CopyTo(_destinationAddress);
            _sourcePort = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(48));
            _destinationPort = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(50));
        }

        var kept = header.Slice(layout.DataStart);
        _data = kept.IsEmpty ? null : kept.ToArray();
        _tlvStart = layout.TlvStart;
        _crcValueOffset = layout.CrcValueOffset;
        Crc32CVerified = layout.Crc32CVerified;
        HeaderLength = header.Length;
    }
}
