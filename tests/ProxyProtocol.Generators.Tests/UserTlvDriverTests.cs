using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyProtocol.Generators.Tests;

/// <summary>
/// [ProxyTlv] behaviour seen through the generator driver: what is generated and whether it compiles and binds, where
/// the diagnostics' exact form is not the point (that is Verified/UserDiagnosticTests).
/// </summary>
public sealed class UserTlvDriverTests
{
    private const string Usings = "using System; using System.Net; using ProxyProtocol;\n";

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string source)
    {
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Usings + source));
        Assert.Null(result.Results.Single().Exception);
        return (result, output);
    }

    private static void AssertCleanBuild(Compilation output) =>
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.Id.Equals("CS8981", StringComparison.Ordinal)));

    [Fact]
    public void Names_differing_only_in_case_both_generate()
    {
        // Hint names compare ignoring case: per-type files made this CS8785 and removed every generated member.
        var (result, output) = Run("""
            namespace M
            {
                [ProxyTlv(0xE5)] public readonly partial record struct Tenant(string Value);
                [ProxyTlv(0xE6)] public readonly partial record struct tenant(string Value);

                internal static class Use
                {
                    internal static object? A(ProxyHeader h) => h.Tenant;
                    internal static object? B(ProxyHeader h) => h.tenant;
                    internal static ProxyHeaderBuilder C(ProxyHeaderBuilder b) => b.AddTenant("x").Addtenant("y");
                }
            }
            """);
        Assert.Empty(result.Diagnostics);
        AssertCleanBuild(output);
    }

    [Fact]
    public void A_bad_declaration_leaves_the_good_ones_generated()
    {
        var (result, output) = Run("""
            [ProxyTlv(0xE5)] public readonly partial record struct Good(string Value);
            [ProxyTlv(0x02)] public readonly partial record struct Bad(string Value);
            [ProxyTlv(0xE6)] public readonly record struct NotPartial(string Value);
            internal static class Use { public static object? A(ProxyHeader h) => h.Good; }
            """);
        Assert.Equal(["PPTLV101", "PPTLV104", "PPTLV105"], result.Diagnostics.Select(d => d.Id).Order());
        AssertCleanBuild(output);
    }

    [Fact]
    public void Custom_and_experimental_ranges_are_accepted_and_reserved_ones_still_generate()
    {
        var (result, output) = Run("""
            [ProxyTlv(0xE1)] public readonly partial record struct A(string Value);
            [ProxyTlv(0xF7)] public readonly partial record struct B(string Value);
            [ProxyTlv(0xFF)] public readonly partial record struct C(string Value);
            internal static class Use { public static object?[] All(ProxyHeader h) => [h.A, h.B, h.C]; }
            """);
        Assert.Equal("PPTLV102", Assert.Single(result.Diagnostics).Id);
        AssertCleanBuild(output);
    }

    [Fact]
    public void Attribute_on_two_parts_of_one_type_is_left_to_the_compiler()
    {
        // CS0579 already reports it; the generator must not also add the same code twice.
        var (result, output) = Run("[ProxyTlv(0xE5)] public partial record struct T(string Value); [ProxyTlv(0xE6)] public partial record struct T;");
        Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Equal(["CS0579"], output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id));
    }

    [Fact]
    public void A_generic_global_type_named_system_hides_nothing()
    {
        // Only System with no type parameters hides the namespace global::System (a 60,000-case property run found the
        // generic one reported as PPTLV116 on every declaration).
        var (result, output) = Run("""
            public sealed class System<T> { }
            namespace Contoso
            {
                [ProxyTlv(0xE5)] public readonly partial record struct Tenant(string Value);
                internal static class Use { public static object? Read(ProxyHeader h) => h.Tenant; }
            }
            """);
        Assert.Empty(result.Diagnostics);
        AssertCleanBuild(output);
    }

    [Theory]
    [InlineData("string?")]
    [InlineData("IPAddress?")]
    [InlineData("byte[]?")]
    public void Nullable_value_types_generate_code_without_warnings(string valueType)
    {
        // Projects that treat warnings as errors must still build; a null Value is refused when encoding.
        var (result, output) = Run($"[ProxyTlv(0xE5)] public readonly partial record struct T({valueType} Value);");
        Assert.Empty(result.Diagnostics);
        AssertCleanBuild(output);
    }

    [Theory]
    [InlineData("namespace Contoso;", "@event", "@event")]
    [InlineData("namespace @class.@static;", "@event", "@event")]
    [InlineData("", "@struct", "@struct")]
    [InlineData("namespace @namespace;", "@Fine", "Fine")]
    [InlineData("namespace Contoso;", "header", "header")]
    [InlineData("namespace Contoso;", "value", "value")]
    [InlineData("namespace Contoso;", "builder", "builder")]
    public void Names_that_are_keywords_or_parameter_names_are_escaped(string ns, string declared, string used)
    {
        var (result, output) = Run($$"""
            {{ns}}
            [ProxyTlv(0xE5)] public readonly partial record struct {{declared}}(string Value);

            internal static class Use
            {
                internal static object? Read(ProxyHeader h) => h.{{used}};

                internal static ProxyHeaderBuilder Write(ProxyHeaderBuilder b) => b.Add{{used.TrimStart('@')}}("a").Add{{used.TrimStart('@')}}(new {{used}}("b"));

                internal static bool Decode(ProxyHeader h, out {{used}} value) => h.TryGetTlv(out value);
            }
            """);
        Assert.Empty(result.Diagnostics);
        AssertCleanBuild(output);
    }

    [Theory]
    [InlineData("internal enum Level : byte { A }\n[ProxyTlv(0xE5)] public sealed partial class T { internal T(Level value) => Value = value; internal Level Value { get; } }")]
    [InlineData("internal enum Level : byte { A }\n[ProxyTlv(0xE5)] public sealed partial class T { internal T(Level value) => Value = value; public int Other => 1; internal Level Value { get; } }")]
    public void A_value_type_less_visible_than_the_tlv_gets_an_internal_value_overload(string source)
    {
        var (result, output) = Run(source + "\ninternal static class Use { public static ProxyHeaderBuilder W(ProxyHeaderBuilder b) => b.AddT(Level.A); }");
        Assert.Empty(result.Diagnostics);
        AssertCleanBuild(output);
    }

    [Fact]
    public void Diagnostics_are_reported_in_the_declaring_tree_when_trees_share_a_path()
    {
        // A compilation made in code (tests, scripting) often gives every tree the empty path: a diagnostic placed by
        // path landed in the first tree, outside its text, and Roslyn rejected it as a generator failure (CS8785).
        var first = CSharpSyntaxTree.ParseText(Usings + "[ProxyTlv(0xE6)] public readonly partial record struct A(string Value);", GeneratorHarness.ParseOptions);
        var second = CSharpSyntaxTree.ParseText(
            Usings + "\n\n[ProxyTlv(0xE5)] public readonly record struct NotPartial(string Value);\n[ProxyTlv(0xE6)] public readonly partial record struct B(string Value);",
            GeneratorHarness.ParseOptions);
        var (_, result, _) = GeneratorHarness.Run(GeneratorHarness.Compile().AddSyntaxTrees(first, second));
        Assert.Null(result.Results.Single().Exception);
        Assert.Equal(["PPTLV103", "PPTLV105"], result.Diagnostics.Select(d => d.Id).Order());
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.Same(second, diagnostic.Location.SourceTree);
            Assert.Contains(second.GetText().ToString(diagnostic.Location.SourceSpan), new[] { "NotPartial", "B" });
        }
    }

    [Fact]
    public void TryGetTlv_value_may_be_null_when_it_returns_false()
    {
        // For a class TLV the value is null when absent: the compiler must say so where it is used unchecked.
        var (result, output) = Run("""
            [ProxyTlv(0xE5)] public sealed partial record Tenant(string Value);
            internal static class Use
            {
                public static int Found(ProxyHeader h) => h.TryGetTlv<Tenant>(out var t) ? t.Value.Length : 0;

                public static int NotFound(ProxyHeader h) => h.TryGetTlv<Tenant>(out var t) ? 0 : t.Value.Length;
            }
            """);
        Assert.Empty(result.Diagnostics);
        var warning = Assert.Single(output.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal("CS8602", warning.Id);
        Assert.Contains("NotFound", warning.Location.SourceTree!.GetText().Lines.GetLineFromPosition(warning.Location.SourceSpan.Start).ToString(), StringComparison.Ordinal);
    }
}
