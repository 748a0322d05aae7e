using ProxyProtocol.Generators.Emit;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>
/// (Microsoft.CodeAnalysis.Testing) For one [ProxyTlv] type of each supported value kind, the generated file equals
/// its checked-in baseline (Baselines/ValueKinds/&lt;name&gt;), nothing else is generated, no diagnostic is reported,
/// and the generated extension property and <c>Add…</c> builder methods compile when called from user code.
/// </summary>
[Collection(TestFiles.BaselineCollection)]
public sealed class ValueKindTests
{
    private const string Folder = "ValueKinds";

    public static TheoryData<string, string?, string, string?> Kinds => new()
    {
        // name, namespace (null: global), declaration, sample Value expression (null: a custom codec, no value overload)
        { "TenantId", "Contoso.Edge", "[ProxyTlv(0xE5)] public readonly partial record struct TenantId(string Value);", "\"blue\"" },
        { "RegionCode", "Contoso.Edge", "[ProxyTlv(0xE6, Encoding = ProxyTlvEncoding.Ascii, MinLength = 2, MaxLength = 16)] public sealed partial record RegionCode(string Value);", "\"eu-west-1\"" },
        { "Blob", "Contoso.Edge", "[ProxyTlv(0xED, MaxLength = 64)] public sealed partial class Blob { public Blob(byte[] value) => Value = value; public byte[] Value { get; } }", "new byte[] { 1, 2 }" },
        { "AwsSomething", "Contoso.Edge", "[ProxyTlv(0xEA, Subtype = 0x02)] public readonly partial record struct AwsSomething(ReadOnlyMemory<byte> Value);", "new byte[] { 3 }" },
        { "Priority", null, "[ProxyTlv(0xEF)] public readonly partial record struct Priority(byte Value);", "(byte)7" },
        { "Port16", "Contoso.Edge", "[ProxyTlv(0xE8)] internal readonly partial record struct Port16(ushort Value);", "(ushort)443" },
        { "Experiment", "Contoso.Edge", "[ProxyTlv(0xF0, Subtype = 7, Encoding = ProxyTlvEncoding.LittleEndian)] public readonly partial record struct Experiment(ushort Value);", "(ushort)9" },
        { "Region32", "Contoso.Edge", "[ProxyTlv(0xE1, Encoding = ProxyTlvEncoding.BigEndian)] public partial struct Region32 { public Region32(uint value) => Value = value; public uint Value { get; } }", "42u" },
        { "ShardLe", "Contoso.Edge", "[ProxyTlv(0xE7, Encoding = ProxyTlvEncoding.LittleEndian)] public readonly partial record struct ShardLe(uint Value);", "5u" },
        { "Counter64", "Contoso.Edge", "[ProxyTlv(0xE9)] public readonly partial record struct Counter64(ulong Value);", "ulong.MaxValue" },
        { "Sequence64Le", "Contoso.Edge", "[ProxyTlv(0xE2, Encoding = ProxyTlvEncoding.LittleEndian)] public readonly partial record struct Sequence64Le(ulong Value);", "1ul" },
        { "OriginalAddress", "Contoso.Edge", "[ProxyTlv(0xEB)] public sealed partial record OriginalAddress(IPAddress Value);", "IPAddress.IPv6Loopback" },
        { "TraceId", "Contoso.Edge", "[ProxyTlv(0xEC)] public readonly partial record struct TraceId(Guid Value);", "Guid.Empty" },
        { "Offset8", "Contoso.Edge", "[ProxyTlv(0xE3)] public readonly partial record struct Offset8(sbyte Value);", "(sbyte)-2" },
        { "Delta16", "Contoso.Edge", "[ProxyTlv(0xE4)] public readonly partial record struct Delta16(short Value);", "(short)-300" },
        { "Delta32Le", "Contoso.Edge", "[ProxyTlv(0xF1, Encoding = ProxyTlvEncoding.LittleEndian)] public readonly partial record struct Delta32Le(int Value);", "-5" },
        { "Delta64", "Contoso.Edge", "[ProxyTlv(0xF2)] public readonly partial record struct Delta64(long Value);", "long.MinValue" },
        { "Wide128", "Contoso.Edge", "[ProxyTlv(0xF3)] public readonly partial record struct Wide128(UInt128 Value);", "UInt128.MaxValue" },
        { "Flag", "Contoso.Edge", "[ProxyTlv(0xF4)] public readonly partial record struct Flag(bool Value);", "true" },
        { "Tier", "Contoso.Edge", "public enum TierLevel : ushort { Free, Gold = 0x0102 }\n[ProxyTlv(0xF5, Encoding = ProxyTlvEncoding.LittleEndian)] public readonly partial record struct Tier(TierLevel Value);", "TierLevel.Gold" },
        { "Digest", "Contoso.Edge", "[System.Runtime.CompilerServices.InlineArray(8)] public struct Bytes8 { private byte _first; }\n[ProxyTlv(0xF6)] public readonly partial record struct Digest(Bytes8 Value);", "default(Bytes8)" },
        {
            "Custom", "Contoso.Edge",
            """
            [ProxyTlv(0xF7, Subtype = 3)]
            public readonly partial record struct Custom(int Length) : IProxyTlv<Custom>
            {
                static bool IProxyTlv<Custom>.TryDecode(ReadOnlyMemory<byte> value, out Custom result) { result = new(value.Length); return true; }
                static int IProxyTlv<Custom>.GetEncodedLength(in Custom value) => value.Length;
                static int IProxyTlv<Custom>.Encode(in Custom value, Span<byte> destination) { destination.Slice(0, value.Length).Clear(); return value.Length; }
            }
            """,
            null
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Generated_source_matches_baseline_and_compiles_when_used(string name, string? ns, string declaration, string? sample)
    {
        var source = $$"""
            using System;
            using System.Net;
            using ProxyProtocol;
            {{(ns is null ? string.Empty : $"namespace {ns};")}}

            {{declaration}}

            internal static class Use
            {
                internal static object? Read(ProxyHeader header) => header.{{name}};

                internal static ProxyHeaderBuilder Write(ProxyHeaderBuilder builder) => {{(sample is null ? $"builder.Add{name}(default({name}))" : $"builder.Add{name}({sample}).Add{name}(new {name}({sample}))")}};
            }
            """;
        TestFiles.UpdateFrom(Folder, GeneratorHarness.Compile(source), name);

        var test = new ProxyTlvGeneratorTest { TestCode = source };
        test.ExpectGenerated(UserTlvEmitter.HintName, TestFiles.Read(Folder, name));
        await test.RunAsync();
    }

    [Fact]
    public void Every_baseline_belongs_to_a_kind()
    {
        var expected = Kinds.Select(row => (string)row[0] + ".cs").Order(StringComparer.Ordinal);
        Assert.Equal(expected, TestFiles.HintNames(Folder));
    }
}
