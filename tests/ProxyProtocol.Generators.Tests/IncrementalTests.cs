using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Tests;

/// <summary>An edit that does not touch a [ProxyTlv] declaration or the registry must not re-run emission.</summary>
public sealed class IncrementalTests
{
    private const string Declarations = """
        using ProxyProtocol;
        namespace Contoso;
        [ProxyTlv(0xE5)] public readonly partial record struct TenantId(string Value);
        [ProxyTlv(0xE6)] public readonly partial record struct Region(string Value);
        """;

    [Fact]
    public void Unrelated_edit_leaves_tracked_steps_cached()
    {
        var registry = new InMemoryAdditionalText("tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json")));
        var compilation = GeneratorHarness.Compile(Declarations, "namespace Contoso; public static class Other { public static int Value => 1; }");
        var driver = GeneratorHarness.CreateDriver(registry).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Contoso; public static class Other { public static int Value => 2; public static int More => 3; }", GeneratorHarness.ParseOptions, path: "Source1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in new[] { TrackingNames.RegistryOptIn, TrackingNames.RegistryResult, TrackingNames.RegistryModel, TrackingNames.UserTlvResult, TrackingNames.UserTlvSpec, TrackingNames.Clashes })
        {
            var steps = result.TrackedSteps[name];
            Assert.NotEmpty(steps);
            foreach (var output in steps.SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}");
            }
        }

        AssertNoOutputRan(result);
        Assert.Equal(result.GeneratedSources.Select(s => s.SourceText.ToString()), driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void Unrelated_edit_reruns_no_output_and_keeps_the_diagnostics_in_their_trees()
    {
        // Diagnostics stay where IDEs offer fixes and #pragma applies (in the compilation's trees) without re-running.
        var compilation = GeneratorHarness.Compile(
            Declarations + "\n[ProxyTlv(0xE7)] public readonly record struct NotPartial(string Value);\n[ProxyTlv(0xE6, Subtype = 1)] public readonly partial record struct Twice(string Value);",
            "namespace Contoso; public static class Other { public static int Value => 1; }");
        var driver = GeneratorHarness.CreateDriver(registryOptIn: false).RunGenerators(compilation);
        var before = driver.GetRunResult().Diagnostics;
        Assert.Equal(["PPTLV103", "PPTLV105"], before.Select(d => d.Id).Order());

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Contoso; public static class Other { public static int Value => 2; }", GeneratorHarness.ParseOptions, path: "Source1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult();

        AssertNoOutputRan(result.Results.Single());
        Assert.Equal(before.Select(d => d.ToString()), result.Diagnostics.Select(d => d.ToString()));
        Assert.All(result.Diagnostics, d => Assert.True(d.Location.SourceTree is { } tree && edited.ContainsSyntaxTree(tree), $"{d} is not in a tree of the compilation"));
    }

    [Fact]
    public void Editing_the_declarations_file_reports_its_diagnostic_in_the_new_tree()
    {
        // The cached diagnostic must not outlive its tree: a line added above the declaration moves it.
        const string Source = "using ProxyProtocol;\nnamespace Contoso;\n[ProxyTlv(0xE7)] public readonly record struct NotPartial(string Value);";
        var compilation = GeneratorHarness.Compile(Source);
        var driver = GeneratorHarness.CreateDriver(registryOptIn: false).RunGenerators(compilation);
        var tree = CSharpSyntaxTree.ParseText("// a new first line\n" + Source, GeneratorHarness.ParseOptions, path: "Source0.cs");
        var diagnostic = Assert.Single(driver.RunGenerators(compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), tree)).GetRunResult().Diagnostics);
        Assert.Same(tree, diagnostic.Location.SourceTree);
        Assert.Equal(3, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Editing_a_declaration_regenerates_only_that_one()
    {
        var compilation = GeneratorHarness.Compile(Declarations);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Declarations.Replace("0xE6", "0xE7", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Source0.cs"));
        var steps = driver.RunGenerators(edited).GetRunResult().Results.Single().TrackedSteps[TrackingNames.UserTlvSpec];
        var reasons = steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.True(reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged) == 1 && reasons.Count(r => r == IncrementalStepRunReason.Modified) == 1, string.Join(", ", reasons));
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        // A Location (a declaration's tree and span) is allowed: it holds no compilation, and its equality (same tree,
        // same span) is what keeps diagnostics cached and in the compilation's trees.
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var models = typeof(ProxyTlvGenerator).Assembly.GetTypes().Where(t => t.Namespace == "ProxyProtocol.Generators.Model").ToList();
        Assert.NotEmpty(models);
        foreach (var type in models)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var fieldType = field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType;
                var inner = fieldType.IsGenericType ? fieldType.GetGenericArguments().Append(fieldType) : [fieldType];
                foreach (var t in inner)
                {
                    Assert.False(forbidden.Any(f => f.IsAssignableFrom(t)), $"{type.Name}.{field.Name} is a {t.Name}");
                }
            }
        }
    }

    [Fact]
    public void Diagnostics_keep_a_place_in_a_file_and_never_a_metadata_location()
    {
        // A metadata location holds a module symbol, and through it a compilation the pipeline must not keep.
        var compilation = CSharpCompilation.Create("m", [CSharpSyntaxTree.ParseText("class C { }", path: "C.cs")], [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var metadata = compilation.GetTypeByMetadataName("System.Object")!.Locations.Single();
        var source = compilation.GetTypeByMetadataName("C")!.Locations.Single();
        Assert.Equal(LocationKind.MetadataFile, metadata.Kind);

        Assert.Null(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedKind, metadata).Location);
        Assert.Same(source, DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedKind, source).Location);
        Assert.Equal(Location.None, DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedKind, metadata).ToDiagnostic().Location);
    }

    private static void AssertNoOutputRan(GeneratorRunResult result)
    {
        var reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.True(reasons.All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), string.Join(", ", reasons));
    }
}
