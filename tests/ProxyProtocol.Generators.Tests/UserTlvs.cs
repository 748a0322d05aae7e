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
