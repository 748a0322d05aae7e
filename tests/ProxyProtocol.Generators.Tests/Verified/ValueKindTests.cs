namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>
/// (Microsoft.CodeAnalysis.Testing) For one [ProxyTlv] type of each supported value kind, the generated file equals
/// its checked-in baseline (Baselines/ValueKinds), nothing else is generated, no diagnostic is reported, and the
/// generated extension property and both <c>Add…</c> builder methods compile when called from user code.
/// </summary>
[Collection(TestFiles.BaselineCollection)]
public sealed class ValueKindTests
{
    private const string Folder = "ValueKinds";

    public static TheoryData<string, string?, string, string> Kinds => new()
    {
        // name, namespace (null: global), declaration, sample Value expression
        { "TenantId", "Contoso.Edge", "[ProxyTlv(0xE5)] public readonly partial record struct TenantId(string Value);", "\"blue\"" },
        { "RegionCode", "Contoso.Edge", "[ProxyTlv(0xE6, Encoding = ProxyTlvEncoding.Ascii)] public sealed partial record RegionCode(string Value);", "\"eu-west-1\"" },
        { "Blob", "Contoso.Edge", "[ProxyTlv(0xED)] public sealed partial class Blob { public Blob(byte[] value) => Value = value; public byte[] Value { get; } }", "new byte[] { 1, 2 }" },
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
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Generated_source_matches_baseline_and_compiles_when_used(string name, string? ns, string declaration, string sample)
    {
        var source = $$"""
            using System;
            using System.Net;
            using ProxyProtocol;
            {{(ns is null ? string.Empty : $"namespace {ns};")}}

            {{declaration}}

            internal static class Use
            {
                public static object? Read(ProxyHeader header) => header.{{name}};

                public static ProxyHeaderBuilder Write(ProxyHeaderBuilder builder) => builder.Add{{name}}({{sample}}).Add{{name}}(new {{name}}({{sample}}));
            }
            """;
        var hintName = (ns is null ? string.Empty : ns + ".") + name + ".ProxyTlv.g.cs";
        TestFiles.UpdateFrom(Folder, GeneratorHarness.Compile(source));

        var test = new ProxyTlvGeneratorTest { TestCode = source };
        test.ExpectGenerated(hintName, TestFiles.Read(Folder, hintName));
        await test.RunAsync();
    }

    [Fact]
    public void Every_baseline_belongs_to_a_kind()
    {
        var expected = Kinds.Select(row => ((string?)row[1] is { } ns ? ns + "." : string.Empty) + (string)row[0] + ".ProxyTlv.g.cs").Order(StringComparer.Ordinal);
        Assert.Equal(expected, TestFiles.HintNames(Folder));
    }
}
