using System.Net;

namespace ProxyProtocol.Generators.Tests;

// Compiled by the generator in this test project, as in a user's project: every supported value type.
[ProxyTlv(0xE5)]
public readonly partial record struct TenantId(string Value);

[ProxyTlv(0xEA, Subtype = 0x02)]
public readonly partial record struct AwsSomething(ReadOnlyMemory<byte> Value);

[ProxyTlv(0xE6, Encoding = ProxyTlvEncoding.Ascii)]
public sealed partial record RegionCode(string Value);

[ProxyTlv(0xE7, Encoding = ProxyTlvEncoding.LittleEndian)]
public readonly partial record struct ShardLe(uint Value);

[ProxyTlv(0xE8)]
internal readonly partial record struct Port16(ushort Value);

[ProxyTlv(0xE9)]
public readonly partial record struct Counter64(ulong Value);

[ProxyTlv(0xEB)]
public sealed partial record OriginalAddress(IPAddress Value);

[ProxyTlv(0xEC)]
public readonly partial record struct TraceId(Guid Value);

[ProxyTlv(0xED)]
public sealed partial class Blob
{
    public Blob(byte[] value) => Value = value;

    public byte[] Value { get; }
}

[ProxyTlv(0xEF)]
public readonly partial record struct Priority(byte Value);

[ProxyTlv(0xF0, Subtype = 7, Encoding = ProxyTlvEncoding.LittleEndian)]
public readonly partial record struct Experiment(ushort Value);

[ProxyTlv(0xE1)]
public readonly partial record struct Offset8(sbyte Value);

[ProxyTlv(0xE2, Encoding = ProxyTlvEncoding.LittleEndian)]
public readonly partial record struct Delta32Le(int Value);

[ProxyTlv(0xE3)]
public readonly partial record struct Delta64(long Value);

[ProxyTlv(0xE4)]
public readonly partial record struct Wide128(Int128 Value);

[ProxyTlv(0xF1)]
public readonly partial record struct Flag(bool Value);

public enum TierLevel : ushort
{
    Free = 0,
    Gold = 0x0102,
}

[ProxyTlv(0xF2, Encoding = ProxyTlvEncoding.LittleEndian)]
public readonly partial record struct Tier(TierLevel Value);

public enum Colour : byte
{
    Red = 1,
}

[ProxyTlv(0xF3)]
public readonly partial record struct Paint(Colour Value);

[System.Runtime.CompilerServices.InlineArray(4)]
public struct Bytes4
{
    private byte _first;
}

[ProxyTlv(0xF4)]
public readonly partial record struct Digest(Bytes4 Value);

[ProxyTlv(0xF5, MinLength = 2, MaxLength = 4)]
public readonly partial record struct ShortCode(string Value);

[ProxyTlv(0xF6, MaxLength = 3)]
public readonly partial record struct SmallBlob(ReadOnlyMemory<byte> Value);

[ProxyTlv(0xF7, Subtype = 9)]
public readonly partial struct BlobStruct
{
    public BlobStruct(byte[] value) => Value = value;

    public byte[] Value { get; }
}

/// <summary>Converts from a string implicitly, so the null literal converts to it too.</summary>
[ProxyTlv(0xEE, Subtype = 2)]
public readonly partial record struct Converted(string Value)
{
    public static implicit operator Converted(string value) => new(value);
}

/// <summary>A custom codec: the value is the number of bytes, all zero (only Type and Subtype are generated).</summary>
[ProxyTlv(0xF0, Subtype = 3)]
public readonly partial record struct Padding(int Length) : IProxyTlv<Padding>
{
    static bool IProxyTlv<Padding>.TryDecode(ReadOnlyMemory<byte> value, out Padding result)
    {
        result = new Padding(value.Length);
        return !value.Span.ContainsAnyExcept((byte)0);
    }

    static int IProxyTlv<Padding>.GetEncodedLength(in Padding value) => value.Length;

    static int IProxyTlv<Padding>.Encode(in Padding value, Span<byte> destination)
    {
        destination.Slice(0, value.Length).Clear();
        return value.Length;
    }
}
