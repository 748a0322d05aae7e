using Microsoft.CodeAnalysis;

namespace ProxyProtocol.Generators.Tests;

/// <summary>One test per [ProxyTlv] diagnostic, checking the ID, severity and where it points.</summary>
public sealed class UserTlvDiagnosticTests
{
    private const string Usings = "using System; using System.Net; using ProxyProtocol;\n";

    private static Diagnostic Single(string source, string id)
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(Usings + source);
        var match = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal("Source0.cs", match.Location.GetLineSpan().Path);
        return match;
    }

    [Theory]
    [InlineData("0x02")]
    [InlineData("0x20")]
    [InlineData("0xDF")]
    public void PPTLV101_type_outside_custom_range(string type)
    {
        var source = $"[ProxyTlv({type})] public readonly partial record struct Bad(string Value);";
        var d = Single(source, "PPTLV101");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Bad", SourceAt(d, source));
    }

    [Fact]
    public void PPTLV102_reserved_range_is_a_warning()
    {
        var d = Single("[ProxyTlv(0xF8)] public readonly partial record struct Future(string Value);", "PPTLV102");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
    }

    [Fact]
    public void PPTLV102_does_not_block_generation()
    {
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Compile("using ProxyProtocol; [ProxyTlv(0xFF)] public readonly partial record struct Future(string Value);"));
        Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Custom_and_experimental_ranges_are_accepted()
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics("""
            using ProxyProtocol;
            [ProxyTlv(0xE1)] public readonly partial record struct A(string Value);
            [ProxyTlv(0xF7)] public readonly partial record struct B(string Value);
            """);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Attribute_on_two_parts_of_one_type_is_left_to_the_compiler()
    {
        // CS0579 already reports it; the generator must not also crash on two sources with one hint name.
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(
            "using ProxyProtocol; [ProxyTlv(0xE5)] public partial record struct T(string Value); [ProxyTlv(0xE6)] public partial record struct T;"));
        Assert.Null(result.Results.Single().Exception);
        Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Contains(output.GetDiagnostics(), d => d.Id == "CS0579");
    }

    [Theory]
    [InlineData("string?")]
    [InlineData("IPAddress?")]
    [InlineData("byte[]?")]
    public void Nullable_value_types_generate_code_without_warnings(string valueType)
    {
        // Projects that treat warnings as errors must still build; a null Value is refused when encoding.
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(
            $"{Usings}[ProxyTlv(0xE5)] public readonly partial record struct T({valueType} Value);"));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Theory]
    [InlineData("namespace Contoso;", "@event", "@event")]
    [InlineData("namespace @class.@static;", "@event", "@event")]
    [InlineData("", "@struct", "@struct")]
    [InlineData("namespace @namespace;", "@Fine", "Fine")]
    public void Type_and_namespace_names_that_are_keywords_are_escaped(string ns, string declared, string used)
    {
        // [ProxyTlv] on @event must generate "partial record struct @event" and a property header.@event, not code
        // that reads the keyword.
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Compile($$"""
            {{Usings}}
            {{ns}}
            [ProxyTlv(0xE5)] public readonly partial record struct {{declared}}(string Value);

            internal static class Use
            {
                public static object? Read(ProxyHeader header) => header.{{used}};

                public static ProxyHeaderBuilder Write(ProxyHeaderBuilder builder) => builder.Add{{used.TrimStart('@')}}("a").Add{{used.TrimStart('@')}}(new {{used}}("b"));

                public static bool Decode(ProxyHeader header, out {{used}} value) => header.TryGetTlv(out value);
            }
            """));
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void PPTLV103_same_type_declared_twice()
    {
        const string source = """
            [ProxyTlv(0xE5)] public readonly partial record struct First(string Value);
            [ProxyTlv(0xE5)] public readonly partial record struct Second(string Value);
            """;
        var d = Single(source, "PPTLV103");
        Assert.Equal("Second", SourceAt(d, source));
        Assert.Contains("First", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void PPTLV103_no_subtype_clashes_with_any_subtype()
    {
        Single("""
            [ProxyTlv(0xE5, Subtype = 1)] public readonly partial record struct First(string Value);
            [ProxyTlv(0xE5)] public readonly partial record struct Second(string Value);
            """, "PPTLV103");
    }

    [Fact]
    public void Different_subtypes_of_one_type_do_not_clash()
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics("""
            using ProxyProtocol;
            [ProxyTlv(0xE5, Subtype = 1)] public readonly partial record struct First(string Value);
            [ProxyTlv(0xE5, Subtype = 2)] public readonly partial record struct Second(string Value);
            """);
        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("[ProxyTlv(0xEA, Subtype = 0x01)]", "AwsVpcEndpointId")]
    [InlineData("[ProxyTlv(0xEA)]", "AwsVpcEndpointId")]
    [InlineData("[ProxyTlv(0xEE, Subtype = 1)]", "AzurePrivateLinkId")]
    [InlineData("[ProxyTlv(0xE0, Subtype = 9)]", "GcpPscConnectionId")]
    public void PPTLV104_clash_with_registry(string attribute, string registryName)
    {
        var d = Single($"{attribute} public readonly partial record struct Mine(string Value);", "PPTLV104");
        Assert.Contains(registryName, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_free_subtype_of_a_registered_vendor_type_is_accepted()
    {
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics("using ProxyProtocol; [ProxyTlv(0xEA, Subtype = 0x02)] public readonly partial record struct Mine(string Value);"));
    }

    [Fact]
    public void PPTLV105_not_partial()
    {
        const string source = "[ProxyTlv(0xE5)] public readonly record struct Whole(string Value);";
        var d = Single(source, "PPTLV105");
        Assert.Equal("Whole", SourceAt(d, source));
    }

    [Theory]
    [InlineData("int")]
    [InlineData("DateTime")]
    [InlineData("string[]")]
    [InlineData("Memory<byte>")]
    public void PPTLV106_unsupported_value_type(string type)
    {
        Single($"[ProxyTlv(0xE5)] public readonly partial record struct Odd({type} Value);", "PPTLV106");
    }

    [Fact]
    public void PPTLV107_nested_type()
    {
        var d = Single("public static partial class Outer { [ProxyTlv(0xE5)] public readonly partial record struct Inner(string Value); }", "PPTLV107");
        Assert.Contains("nested", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void PPTLV107_generic_type()
    {
        var d = Single("[ProxyTlv(0xE5)] public readonly partial record struct Boxed<T>(string Value);", "PPTLV107");
        Assert.Contains("generic", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file readonly partial record struct Local(string Value);")]
    [InlineData("file sealed partial class Local { public Local(string value) => Value = value; public string Value { get; } }")]
    public void PPTLV107_file_local_type(string declaration)
    {
        // Its generated part would be in another file, where the type is not visible: code that does not compile.
        var source = "[ProxyTlv(0xE5)] " + declaration;
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Usings + source));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("PPTLV107", d.Id);
        Assert.Contains("file-local", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Local", SourceAt(d, source));
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("ProxyTlvEncoding.Ascii", "uint")]
    [InlineData("ProxyTlvEncoding.LittleEndian", "string")]
    [InlineData("ProxyTlvEncoding.Utf8", "Guid")]
    [InlineData("ProxyTlvEncoding.BigEndian", "IPAddress")]
    public void PPTLV108_encoding_does_not_fit(string encoding, string type)
    {
        Single($"[ProxyTlv(0xE5, Encoding = {encoding})] public readonly partial record struct Mismatch({type} Value);", "PPTLV108");
    }

    [Theory]
    [InlineData("[ProxyTlv(0xE5)] public readonly partial struct NoValue { }")]
    [InlineData("[ProxyTlv(0xE5)] public readonly partial struct NoCtor { public string Value { get; } }")]
    [InlineData("[ProxyTlv(0xE5)] public readonly partial record struct Named(string Text);")]
    public void PPTLV109_missing_value_or_constructor(string source)
    {
        Single(source, "PPTLV109");
    }

    [Fact]
    public void PPTLV110_language_version_below_14()
    {
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "using ProxyProtocol; [ProxyTlv(0xE5)] public readonly partial record struct Old(string Value);",
            new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp13));
        var compilation = GeneratorHarness.Compile().AddSyntaxTrees(tree);
        var result = GeneratorHarness.Run(compilation).Result;
        Assert.Single(result.Diagnostics, d => d.Id == "PPTLV110");
    }

    [Theory]
    [InlineData("Authority")]
    [InlineData("Source")]
    public void PPTLV111_name_hidden_by_a_ProxyHeader_member(string name)
    {
        Single($"[ProxyTlv(0xE5)] public readonly partial record struct {name}(string Value);", "PPTLV111");
    }

    [Fact]
    public void Every_descriptor_has_a_unique_stable_id_and_a_test()
    {
        var ids = typeof(ProxyTlvGenerator).Assembly.GetType("ProxyProtocol.Generators.DiagnosticDescriptors")!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var tested = typeof(UserTlvDiagnosticTests).GetMethods().Concat(typeof(RegistryDiagnosticTests).GetMethods()).Select(m => m.Name).ToList();
        var verified = typeof(Verified.UserDiagnosticTests).GetMethods().Concat(typeof(Verified.RegistryTests).GetMethods()).Select(m => m.Name).ToList();
        foreach (var id in ids)
        {
            Assert.Contains(tested, name => name.StartsWith(id + "_", StringComparison.Ordinal));
            Assert.Contains(verified, name => name.StartsWith(id + "_", StringComparison.Ordinal));
        }
    }

    // Generator diagnostics carry file/span/lines (not the tree), so the text is looked up in the source.
    private static string SourceAt(Diagnostic d, string source) => (Usings + source).Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
}
