using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using D = ProxyProtocol.Generators.DiagnosticDescriptors;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>
/// (Microsoft.CodeAnalysis.Testing) Every [ProxyTlv] diagnostic with its exact location ({|#n:...|} markup), severity,
/// message arguments, and nothing else reported: no other generator diagnostic and no compiler error.
/// </summary>
public sealed class UserDiagnosticTests
{
    private const string Usings = "using System;\nusing System.Net;\nusing ProxyProtocol;\n\n";

    private static ProxyTlvGeneratorTest Test(string markup, params DiagnosticResult[] expected)
    {
        var test = new ProxyTlvGeneratorTest { TestCode = Usings + markup };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    // Warnings do not block generation; what is generated is verified in ValueKindTests.
    private static ProxyTlvGeneratorTest Generating(ProxyTlvGeneratorTest test)
    {
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test;
    }

    [Theory]
    [InlineData("0x00", "00")]
    [InlineData("0xDF", "DF")]
    [InlineData("0x9F", "9F")]
    public async Task PPTLV101_type_outside_custom_range(string type, string hex) =>
        await Test(
            $"[ProxyTlv({type})] public readonly partial record struct {{|#0:Bad|}}(string Value);",
            new DiagnosticResult(D.TypeOutOfRange).WithLocation(0).WithArguments(hex, "Bad")).RunAsync();

    [Fact]
    public async Task PPTLV101_a_registered_type_also_clashes_with_the_registry() =>
        await Test(
            "[ProxyTlv(0x02)] public readonly partial record struct {|#0:Bad|}(string Value);",
            new DiagnosticResult(D.TypeOutOfRange).WithLocation(0).WithArguments("02", "Bad"),
            new DiagnosticResult(D.RegistryClash).WithLocation(0).WithArguments("Bad", "0x02", "Authority")).RunAsync();

    [Theory]
    [InlineData("0xF8", "F8")]
    [InlineData("0xFF", "FF")]
    public async Task PPTLV102_reserved_range_is_a_warning(string type, string hex) =>
        await Generating(Test(
            $"[ProxyTlv({type})] public readonly partial record struct {{|#0:Future|}}(string Value);",
            new DiagnosticResult(D.TypeReserved).WithLocation(0).WithArguments(hex, "Future"))).RunAsync();

    [Fact]
    public async Task PPTLV103_same_type_declared_twice() =>
        await Generating(Test(
            """
            [ProxyTlv(0xE5)] public readonly partial record struct First(string Value);
            [ProxyTlv(0xE5)] public readonly partial record struct {|#0:Second|}(string Value);
            """,
            new DiagnosticResult(D.DuplicateDeclaration).WithLocation(0).WithArguments("Second", "0xE5", "First"))).RunAsync();

    [Fact]
    public async Task PPTLV103_no_subtype_clashes_with_any_subtype() =>
        await Generating(Test(
            """
            [ProxyTlv(0xE5, Subtype = 1)] public readonly partial record struct First(string Value);
            [ProxyTlv(0xE5)] public readonly partial record struct {|#0:Second|}(string Value);
            """,
            new DiagnosticResult(D.DuplicateDeclaration).WithLocation(0).WithArguments("Second", "0xE5", "First"))).RunAsync();

    [Theory]
    [InlineData("[ProxyTlv(0xEA, Subtype = 0x01)]", "0xEA subtype 0x01", "AwsVpcEndpointId")]
    [InlineData("[ProxyTlv(0xEA)]", "0xEA", "AwsVpcEndpointId")]
    [InlineData("[ProxyTlv(0xEE, Subtype = 1)]", "0xEE subtype 0x01", "AzurePrivateLinkId")]
    [InlineData("[ProxyTlv(0xE0, Subtype = 9)]", "0xE0 subtype 0x09", "GcpPscConnectionId")]
    public async Task PPTLV104_clash_with_registry(string attribute, string tlv, string registryName) =>
        await Generating(Test(
            $"{attribute} public readonly partial record struct {{|#0:Mine|}}(string Value);",
            new DiagnosticResult(D.RegistryClash).WithLocation(0).WithArguments("Mine", tlv, registryName))).RunAsync();

    [Theory]
    [InlineData("public readonly record struct {|#0:Whole|}(string Value);", "record struct")]
    [InlineData("public sealed record {|#0:Whole|}(string Value);", "record")]
    [InlineData("public sealed class {|#0:Whole|} { public Whole(string value) => Value = value; public string Value { get; } }", "class")]
    public async Task PPTLV105_not_partial(string declaration, string keyword) =>
        await Test(
            "[ProxyTlv(0xE5)] " + declaration,
            new DiagnosticResult(D.NotPartial).WithLocation(0).WithArguments("Whole", keyword)).RunAsync();

    [Theory]
    [InlineData("char", "char")]
    [InlineData("int?", "int?")]
    [InlineData("float", "float")]
    [InlineData("decimal", "decimal")]
    [InlineData("DateTime", "System.DateTime")]
    [InlineData("string[]", "string[]")]
    [InlineData("Memory<byte>", "System.Memory<byte>")]
    [InlineData("ReadOnlyMemory<char>", "System.ReadOnlyMemory<char>")]
    public async Task PPTLV106_unsupported_value_type(string type, string display) =>
        await Test(
            $"[ProxyTlv(0xE5)] public readonly partial record struct {{|#0:Odd|}}({type} Value);",
            new DiagnosticResult(D.UnsupportedValueType).WithLocation(0).WithArguments("Odd", display)).RunAsync();

    [Fact]
    public async Task PPTLV107_nested_type() =>
        await Test(
            "public static partial class Outer { [ProxyTlv(0xE5)] public readonly partial record struct {|#0:Inner|}(string Value); }",
            new DiagnosticResult(D.CannotExtend).WithLocation(0).WithArguments("Inner", "nested in another type")).RunAsync();

    [Fact]
    public async Task PPTLV107_generic_type() =>
        await Test(
            "[ProxyTlv(0xE5)] public readonly partial record struct {|#0:Boxed|}<T>(string Value);",
            new DiagnosticResult(D.CannotExtend).WithLocation(0).WithArguments("Boxed", "generic")).RunAsync();

    [Fact]
    public async Task PPTLV107_file_local_type() =>
        await Test(
            "[ProxyTlv(0xE5)] file readonly partial record struct {|#0:Local|}(string Value);",
            new DiagnosticResult(D.CannotExtend).WithLocation(0).WithArguments("Local", "file-local")).RunAsync();

    [Theory]
    [InlineData("Ascii", "uint")]
    [InlineData("LittleEndian", "string")]
    [InlineData("Utf8", "System.Guid")]
    [InlineData("BigEndian", "System.Net.IPAddress")]
    [InlineData("Ascii", "byte[]")]
    [InlineData("LittleEndian", "bool")]
    public async Task PPTLV108_encoding_does_not_fit(string encoding, string type) =>
        await Test(
            $"[ProxyTlv(0xE5, Encoding = ProxyTlvEncoding.{encoding})] public readonly partial record struct {{|#0:Mismatch|}}({type} Value);",
            new DiagnosticResult(D.EncodingMismatch).WithLocation(0).WithArguments(encoding, "Mismatch", type)).RunAsync();

    [Theory]
    [InlineData("[ProxyTlv(0xE5)] public readonly partial struct {|#0:NoValue|} { }", "NoValue")]
    [InlineData("[ProxyTlv(0xE5)] public readonly partial struct {|#0:NoCtor|} { public string Value { get; } }", "NoCtor")]
    [InlineData("[ProxyTlv(0xE5)] public readonly partial record struct {|#0:Named|}(string Text);", "Named")]
    [InlineData("[ProxyTlv(0xE5)] public sealed partial class {|#0:StaticValue|} { public StaticValue(string value) { } public static string Value => \"\"; }", "StaticValue")]
    [InlineData("[ProxyTlv(0xE5)] public sealed partial class {|#0:OtherCtor|} { public OtherCtor(int value) { } public string Value => \"\"; }", "OtherCtor")]
    [InlineData("[ProxyTlv(0xE5)] public sealed partial class {|#0:PrivateCtor|} { private PrivateCtor(string value) => Value = value; public string Value { get; } }", "PrivateCtor")]
    [InlineData("[ProxyTlv(0xE5)] public sealed partial class {|#0:RefCtor|} { public RefCtor(ref string value) => Value = value; public string Value { get; } }", "RefCtor")]
    [InlineData("[ProxyTlv(0xE5)] public sealed partial class {|#0:FieldValue|} { public FieldValue(string value) => Value = value; public readonly string Value; }", "FieldValue")]
    public async Task PPTLV109_missing_value_or_constructor(string markup, string name) =>
        await Test(markup, new DiagnosticResult(D.MissingValue).WithLocation(0).WithArguments(name)).RunAsync();

    [Theory]
    [InlineData(LanguageVersion.CSharp13)]
    [InlineData(LanguageVersion.CSharp12)]
    public async Task PPTLV110_language_version_below_14(LanguageVersion version)
    {
        var test = Test(
            "[ProxyTlv(0xE5)] public readonly partial record struct {|#0:Old|}(string Value);",
            new DiagnosticResult(D.LanguageVersionTooLow).WithLocation(0).WithArguments("Old"));
        test.LanguageVersion = version;
        await test.RunAsync();
    }

    [Theory]
    [InlineData("Authority", "ProxyHeader.Authority")]
    [InlineData("Source", "ProxyHeader.Source")]
    [InlineData("Tlvs", "ProxyHeader.Tlvs")]
    [InlineData("GetType", "object.GetType()")]
    [InlineData("ProxyHeader", "ProxyHeader (the type itself)")]
    [InlineData("TryGetTlv", "ProxyHeader.TryGetTlv(byte, out ReadOnlyMemory<byte>)")]
    public async Task PPTLV111_name_taken_by_a_proxy_header_member(string name, string member)
    {
        // Without it, header.GetType would silently bind to object.GetType, not to the TLV.
        var extra = name is "Authority" ? new[] { new DiagnosticResult(D.BuilderNameTaken).WithLocation(0).WithArguments(name, "AddAuthority", "ProxyHeaderBuilder.AddAuthority(string)") } : [];
        await Test(
            $"[ProxyTlv(0xE5)] public readonly partial record struct {{|#0:{name}|}}(string Value);",
            [new DiagnosticResult(D.NameHidden).WithLocation(0).WithArguments(name, member), .. extra]).RunAsync();
    }

    [Theory]
    [InlineData("Tlv", "AddTlv", "ProxyHeaderBuilder.AddTlv(byte, ReadOnlySpan<byte>)")]
    [InlineData("Crc32C", "AddCrc32C", "ProxyHeaderBuilder.AddCrc32C()")]
    public async Task PPTLV112_builder_method_taken_by_a_proxy_header_builder_member(string name, string method, string member) =>
        await Test(
            $"[ProxyTlv(0xE5)] public readonly partial record struct {{|#0:{name}|}}(string Value);",
            new DiagnosticResult(D.BuilderNameTaken).WithLocation(0).WithArguments(name, method, member)).RunAsync();

    [Theory]
    [InlineData("public static class XyzProxyTlvExtensions { }", "type")]
    [InlineData("public sealed class XyzProxyTlvExtensions { }", "type")]
    [InlineData("namespace XyzProxyTlvExtensions { internal static class Inside { } }", "namespace")]
    public async Task PPTLV113_extension_class_name_taken(string existing, string kind) =>
        await Test(
            $"[ProxyTlv(0xE5)] public readonly partial record struct {{|#0:Xyz|}}(string Value);\n{existing}",
            new DiagnosticResult(D.ExtensionsNameTaken).WithLocation(0).WithArguments("Xyz", "XyzProxyTlvExtensions", kind)).RunAsync();

    [Theory]
    [InlineData("public abstract partial class {|#0:Base|} { public Base(string value) => Value = value; public string Value { get; } }", "Base", "abstract")]
    [InlineData("public readonly ref partial struct {|#0:Base|} { public Base(string value) => Value = value; public string Value { get; } }", "Base", "a ref struct")]
    [InlineData("public ref partial struct {|#0:Base|} { public Base(string value) => Value = value; public string Value { get; } }", "Base", "a ref struct")]
    [InlineData("public static partial class {|#0:Base|} { }", "Base", "a static class")]
    public async Task PPTLV114_unsupported_kind_of_type(string declaration, string name, string kind) =>
        await Test(
            "[ProxyTlv(0xE5)] " + declaration,
            new DiagnosticResult(D.UnsupportedKind).WithLocation(0).WithArguments(name, kind)).RunAsync();

    [Theory]
    [InlineData("MinLength = 5, MaxLength = 4", "string", "lengths must satisfy 0 <= MinLength <= MaxLength <= 65535; got 5..4")]
    [InlineData("MaxLength = 65536", "string", "lengths must satisfy 0 <= MinLength <= MaxLength <= 65535; got 0..65536")]
    [InlineData("MinLength = -1", "byte[]", "lengths must satisfy 0 <= MinLength <= MaxLength <= 65535; got -1..65535")]
    [InlineData("Subtype = 1, MaxLength = 65535", "string", "lengths must satisfy 0 <= MinLength <= MaxLength <= 65534 (one byte goes to the subtype); got 0..65535")]
    [InlineData("MaxLength = 4", "uint", "MinLength and MaxLength apply only to variable-length values (string, byte[], ReadOnlyMemory<byte>); uint is a big-endian 32-bit unsigned integer")]
    public async Task PPTLV115_invalid_lengths(string arguments, string type, string message) =>
        await Test(
            $"[ProxyTlv(0xE5, {arguments})] public readonly partial record struct {{|#0:Sized|}}({type} Value);",
            new DiagnosticResult(D.InvalidLengths).WithLocation(0).WithArguments("Sized", message)).RunAsync();

    [Fact]
    public async Task PPTLV116_a_global_type_hiding_a_namespace_the_generated_code_uses()
    {
        // The generated code of every declaration refers to global::System, which a global type System hides: the
        // declarations are reported, not generated. (A global ProxyProtocol type would also hide the test's attribute.)
        var test = new ProxyTlvGeneratorTest
        {
            TestCode = """
                [ProxyProtocol.ProxyTlv(0xE5)] public readonly partial record struct {|#0:System|}(string Value);

                namespace Contoso
                {
                    [ProxyProtocol.ProxyTlv(0xE6)] public readonly partial record struct {|#1:Tenant|}(string Value);
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None, // the type hides the namespace in the test's own code too
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(D.HidesNamespace).WithLocation(0).WithArguments("System", "System"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(D.HidesNamespace).WithLocation(1).WithArguments("Tenant", "System"));
        await test.RunAsync();
    }

    [Fact]
    public async Task An_abstract_type_with_its_own_codec_is_accepted() =>
        await Generating(Test(
            """
            [ProxyTlv(0xE5)]
            public abstract partial class Shape : IProxyTlv<Shape>
            {
                static bool IProxyTlv<Shape>.TryDecode(ReadOnlyMemory<byte> value, out Shape result) { result = new Square(); return true; }
                static int IProxyTlv<Shape>.GetEncodedLength(in Shape value) => 0;
                static int IProxyTlv<Shape>.Encode(in Shape value, Span<byte> destination) => 0;
            }

            public sealed class Square : Shape { }

            internal static class Use
            {
                internal static Shape? Read(ProxyHeader header) => header.Shape;

                internal static ProxyHeaderBuilder Write(ProxyHeaderBuilder builder) => builder.AddShape(new Square());
            }
            """)).RunAsync();

    [Fact]
    public async Task Several_problems_on_one_type_are_all_reported() =>
        await Test(
            "public static partial class Outer { [ProxyTlv(0x10)] public readonly record struct {|#0:Inner|}(char Value); }",
            new DiagnosticResult(D.TypeOutOfRange).WithLocation(0).WithArguments("10", "Inner"),
            new DiagnosticResult(D.CannotExtend).WithLocation(0).WithArguments("Inner", "nested in another type"),
            new DiagnosticResult(D.NotPartial).WithLocation(0).WithArguments("Inner", "record struct"),
            new DiagnosticResult(D.UnsupportedValueType).WithLocation(0).WithArguments("Inner", "char")).RunAsync();

    [Fact]
    public async Task A_valid_declaration_reports_nothing_and_generates_one_file() =>
        await Generating(Test("[ProxyTlv(0xE5, Subtype = 2)] public readonly partial record struct Fine(string Value);")).RunAsync();
}
