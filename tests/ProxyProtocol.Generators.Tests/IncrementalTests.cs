using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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

        // Outputs whose input is cached or unchanged do not run again. The two that report [ProxyTlv] diagnostics take the
        // compilation (to place them in its trees, where IDEs offer fixes), so they may run again, reporting the same.
        var reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.True(reasons.Count(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)) <= 2, string.Join(", ", reasons));
        Assert.Equal(result.GeneratedSources.Select(s => s.SourceText.ToString()), driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
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
    public void Pipeline_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
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
}
