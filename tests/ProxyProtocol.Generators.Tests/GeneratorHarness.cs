using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ProxyProtocol.Generators.Tests;

/// <summary>Runs the generator in-process over a compilation built from .NET 10 reference assemblies (offline).</summary>
internal static class GeneratorHarness
{
    internal static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14);

    internal static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "GeneratorTests",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(ProxyHeader).Assembly.Location)],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static readonly Lazy<SyntaxTree[]> LibrarySources = new(() =>
    {
        var library = RepositoryFile(Path.Combine("src", "ProxyProtocol"));
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(library, f).StartsWith($"obj{sep}", StringComparison.Ordinal) && !Path.GetRelativePath(library, f).StartsWith($"bin{sep}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, path: f))
            .Append(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", ParseOptions, path: "ImplicitUsings.cs"))
            .ToArray();
    });

    /// <summary>The library's own sources (parsed once), as its build compiles them, without ProxyProtocol.dll.</summary>
    internal static CSharpCompilation CompileLibrary() => CSharpCompilation.Create(
        "ProxyProtocol",
        LibrarySources.Value,
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(System.IO.Hashing.Crc32).Assembly.Location), MetadataReference.CreateFromFile(typeof(System.IO.Pipelines.PipeReader).Assembly.Location)],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>The MSBuild property (made compiler-visible by src/ProxyProtocol) that lets a registry file generate.</summary>
    internal const string RegistryOptIn = "build_property.ProxyProtocolTlvRegistry";

    /// <summary>A driver as in the library's own build: the registry opt-in property is set.</summary>
    internal static GeneratorDriver CreateDriver(params AdditionalText[] files) => CreateDriver(registryOptIn: true, files);

    /// <param name="registryOptIn">False as in a package user's project, where the property is not compiler-visible.</param>
    /// <param name="files">The AdditionalFiles items.</param>
    internal static GeneratorDriver CreateDriver(bool registryOptIn, params AdditionalText[] files) => CSharpGeneratorDriver.Create(
        generators: new[] { new ProxyTlvGenerator().AsSourceGenerator() },
        additionalTexts: files,
        parseOptions: ParseOptions,
        optionsProvider: new GlobalOptionsProvider(registryOptIn ? new Dictionary<string, string> { [RegistryOptIn] = "true" } : []),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    internal static (GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output) Run(Compilation compilation, params AdditionalText[] files) =>
        Run(compilation, registryOptIn: true, files);

    internal static (GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output) Run(Compilation compilation, bool registryOptIn, params AdditionalText[] files)
    {
        var driver = CreateDriver(registryOptIn, files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver, driver.GetRunResult(), output);
    }

    internal static ImmutableArray<Diagnostic> GeneratorDiagnostics(string source, params AdditionalText[] files) =>
        Run(Compile(source), files).Result.Diagnostics;

    internal static string RepositoryFile(string relative) => Repository.File(relative);

    internal static string TestDirectory() => RepositoryFile(Path.Combine("tests", "ProxyProtocol.Generators.Tests"));
}

/// <summary>An in-memory AdditionalFiles item.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>Global analyzer options only (build_property.* as MSBuild passes them); no per-file options.</summary>
internal sealed class GlobalOptionsProvider(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions None = new([]);

    public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
