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

    [Fact]
    public async Task PPTLV105_not_partial() =>
        await Test(
            "[ProxyTlv(0xE5)] public readonly record struct {|#0:Whole|}(string Value);",
            new DiagnosticResult(D.NotPartial).WithLocation(0).WithArguments("Whole")).RunAsync();

    [Theory]
    [InlineData("int", "int")]
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
    [InlineData("Authority")]
    [InlineData("Source")]
    [InlineData("Tlvs")]
    public async Task PPTLV111_name_hidden_by_a_ProxyHeader_member(string name) =>
        await Test(
            $"[ProxyTlv(0xE5)] public readonly partial record struct {{|#0:{name}|}}(string Value);",
            new DiagnosticResult(D.NameHidden).WithLocation(0).WithArguments(name)).RunAsync();

    [Fact]
    public async Task Several_problems_on_one_type_are_all_reported() =>
        await Test(
            "public static partial class Outer { [ProxyTlv(0x10)] public readonly record struct {|#0:Inner|}(int Value); }",
            new DiagnosticResult(D.TypeOutOfRange).WithLocation(0).WithArguments("10", "Inner"),
            new DiagnosticResult(D.CannotExtend).WithLocation(0).WithArguments("Inner", "nested in another type"),
            new DiagnosticResult(D.NotPartial).WithLocation(0).WithArguments("Inner"),
            new DiagnosticResult(D.UnsupportedValueType).WithLocation(0).WithArguments("Inner", "int")).RunAsync();

    [Fact]
    public async Task A_valid_declaration_reports_nothing_and_generates_one_file() =>
        await Generating(Test("[ProxyTlv(0xE5, Subtype = 2)] public readonly partial record struct Fine(string Value);")).RunAsync();
}
