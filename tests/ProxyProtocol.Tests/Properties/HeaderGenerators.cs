using System.Net;
using CsCheck;

namespace ProxyProtocol.Tests.Properties;

/// <summary>What a random header is made of; built through <see cref="ProxyHeaderBuilder"/>.</summary>
internal sealed record HeaderRecipe(int Kind, byte[] Source, byte[] Destination, ushort SourcePort, ushort DestinationPort, string SourcePath, string DestinationPath, (byte Type, byte[] Value)[] Tlvs, int CrcAt)
{
    internal ProxyHeader Build()
    {
        var v1 = new ProxyHeaderBuilder(ProxyVersion.V1);
        var v2 = new ProxyHeaderBuilder();
        switch (Kind)
        {
            case 0: return v1.Proxy(EndPoint(Source, 4, SourcePort), EndPoint(Destination, 4, DestinationPort)).Build();
            case 1: return v1.Proxy(EndPoint(Source, 16, SourcePort), EndPoint(Destination, 16, DestinationPort)).Build();
            case 2: return v1.Unknown().Build();
            case 3 or 4: v2.Proxy(EndPoint(Source, 4, SourcePort), EndPoint(Destination, 4, DestinationPort), Transport); break;
            case 5 or 6: v2.Proxy(EndPoint(Source, 16, SourcePort), EndPoint(Destination, 16, DestinationPort), Transport); break;
            case 7 or 8: v2.ProxyUnix(SourcePath, DestinationPath, Transport); break;
            case 9: v2.Local(); break;
            default: v2.Unknown(); break;
        }

        for (var i = 0; i <= Tlvs.Length; i++)
        {
            if (i == CrcAt)
            {
                v2.AddCrc32C();
            }

            if (i < Tlvs.Length)
            {
                v2.AddTlv(Tlvs[i].Type, Tlvs[i].Value);
            }
        }

        return v2.Build();
    }

    private ProxyTransport Transport => Kind % 2 == 1 ? ProxyTransport.Stream : ProxyTransport.Datagram;

    private static IPEndPoint EndPoint(byte[] bytes, int length, ushort port) => new(new IPAddress(bytes.AsSpan(0, length)), port);

    public override string ToString() =>
        $"Kind {Kind}, {Convert.ToHexString(Source)}:{SourcePort} -> {Convert.ToHexString(Destination)}:{DestinationPort}, paths '{SourcePath}' '{DestinationPath}', TLVs [{string.Join(", ", Tlvs.Select(t => $"{t.Type:X2}:{Convert.ToHexString(t.Value)}"))}], CRC at {CrcAt}";
}

internal static class HeaderGenerators
{
    private const string PathChars = "abcdefghijklmnopqrstuvwxyz0123456789/._-";

    private static readonly Gen<(byte, byte[])> Tlv =
        from type in Gen.Byte.Where(t => t != 0x03)
        from value in Gen.Byte.Array[0, 40]
        select (type, value);

    private static readonly Gen<string> Path = Gen.Char[PathChars].Array[0, 108].Select(c => new string(c));

    internal static readonly Gen<HeaderRecipe> Header =
        from kind in Gen.Int[0, 10]
        from source in Gen.Byte.Array[16]
        from destination in Gen.Byte.Array[16]
        from sourcePort in Gen.UShort
        from destinationPort in Gen.UShort
        from sourcePath in Path
        from destinationPath in Path
        from tlvs in Tlv.Array[0, 5]
        from crcAt in Gen.Int[-1, 5]
        select new HeaderRecipe(kind, source, destination, sourcePort, destinationPort, sourcePath, destinationPath, tlvs, crcAt);

    /// <summary>A header, a payload of 0–64 bytes, and up to six cut positions for how the bytes arrive.</summary>
    internal static readonly Gen<(HeaderRecipe Header, byte[] Payload, int[] Cuts)> HeaderWithPayload =
        from header in Header
        from payload in Gen.Byte.Array[0, 64]
        from cuts in Gen.Int[1, 600].Array[0, 6]
        select (header, payload, cuts);
}
