using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ProxyProtocol.Generators.Fixes;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>(Microsoft.CodeAnalysis.Testing) The PPTLV105 code fix, run on the generator's own diagnostic: after the fix
/// the generator reports nothing and its code compiles.</summary>
public sealed class AddPartialCodeFixTests
{
    private const string Usings = "using System;\nusing ProxyProtocol;\n\n";

    [Theory]
    [InlineData("[ProxyTlv(0xE5)] public readonly record struct {|PPTLV105:TenantId|}(string Value);", "[ProxyTlv(0xE5)] public readonly partial record struct TenantId(string Value);")]
    [InlineData("[ProxyTlv(0xE5)]\npublic sealed record {|PPTLV105:TenantId|}(string Value);", "[ProxyTlv(0xE5)]\npublic sealed partial record TenantId(string Value);")]
    [InlineData("[ProxyTlv(0xE5)]\nrecord struct {|PPTLV105:TenantId|}(string Value);", "[ProxyTlv(0xE5)]\npartial record struct TenantId(string Value);")]
    [InlineData("[ProxyTlv(0xE5)] internal sealed class {|PPTLV105:TenantId|} { public TenantId(string value) => Value = value; public string Value { get; } }", "[ProxyTlv(0xE5)] internal sealed partial class TenantId { public TenantId(string value) => Value = value; public string Value { get; } }")]
    public async Task Adds_partial_before_the_type_keyword(string before, string after)
    {
        var test = new Test { TestCode = Usings + before, FixedCode = Usings + after };
        await test.RunAsync();
    }

    [Fact]
    public async Task Fixes_every_declaration_at_once()
    {
        var test = new Test
        {
            TestCode = Usings + "[ProxyTlv(0xE5)] public readonly record struct {|PPTLV105:A|}(string Value);\n[ProxyTlv(0xE6)] public readonly record struct {|PPTLV105:B|}(uint Value);",
            FixedCode = Usings + "[ProxyTlv(0xE5)] public readonly partial record struct A(string Value);\n[ProxyTlv(0xE6)] public readonly partial record struct B(uint Value);",
        };
        await test.RunAsync();
    }

    private sealed class Test : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, AddPartialCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = ProxyTlvGeneratorTest.OfflineNet100;
            TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ProxyHeader).Assembly.Location));
            FixedState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            FixedState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ProxyHeader).Assembly.Location));

            // The fixed code generates a file; its content is ValueKindTests' concern.
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(ProxyTlvGenerator)];

        protected override ParseOptions CreateParseOptions() =>
            ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp14);
    }
}
