using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyProtocol.Generators;

namespace ProxyProtocol.Docs.Tests.Snippets;

/// <summary>
/// Compiles a documentation snippet the way a user's new project would: C# 14, nullable on, the SDK's implicit usings,
/// the framework and the ProxyProtocol assemblies as references, and the package's TLV generator running.
/// </summary>
internal static class SnippetCompiler
{
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] WebUsings =
    [
        .. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14);

    private static readonly Lazy<ImmutableArray<MetadataReference>> ConsoleReferences = new(() => References(web: false));

    private static readonly Lazy<ImmutableArray<MetadataReference>> WebReferences = new(() => References(web: true));

    /// <summary>Returns the errors and warnings, each as "line: id message" with lines counted in the snippet.</summary>
    internal static IReadOnlyList<string> Diagnose(string code, SnippetContext context)
    {
        var globalUsings = string.Concat((context.Web ? WebUsings : ConsoleUsings).Select(u => $"global using {u};\n"));
        var snippet = CSharpSyntaxTree.ParseText(context.Fragment ? Wrap(code, context) : code, ParseOptions, path: "snippet.cs");
        var topLevel = snippet.GetCompilationUnitRoot().Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(globalUsings, ParseOptions, path: "GlobalUsings.g.cs"), snippet],
            context.Web ? WebReferences.Value : ConsoleReferences.Value,
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver.Create([new ProxyTlvGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

        return [.. generatorDiagnostics.Concat(generated.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => $"{Line(d, context)}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")];
    }

    // The fragment's first line is line 1 again (#line), so messages point into the block as the reader sees it.
    private static string Wrap(string code, SnippetContext context)
    {
        var async = code.Contains("await ", StringComparison.Ordinal);
        return $$"""
            {{string.Concat(context.Usings.Select(u => u + ";\n"))}}
            internal static class Fragment
            {
                internal static {{(async ? "async Task" : "void")}} Run({{string.Join(", ", context.Variables)}})
                {
            #line 1
            {{code}}
            #line default
                }
            }
            """;
    }

    private static string Line(Diagnostic diagnostic, SnippetContext context)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return span.Path == "snippet.cs" ? $"line {span.StartLinePosition.Line + 1}" : span.Path is { Length: > 0 } path ? path : "(no location)";
    }

    // The shared frameworks a console (or web) app runs on, from this test process, plus the packages' assemblies.
    private static ImmutableArray<MetadataReference> References(bool web)
    {
        var frameworks = web ? new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" } : ["Microsoft.NETCore.App"];
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var framework = platform.Where(path => frameworks.Any(f => path.Contains($"{Path.DirectorySeparatorChar}shared{Path.DirectorySeparatorChar}{f}{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));
        var packages = new List<string> { typeof(ProxyHeader).Assembly.Location, typeof(System.IO.Hashing.Crc32).Assembly.Location };
        if (web)
        {
            packages.Add(typeof(ProxyProtocol.AspNetCore.ProxyProtocolOptions).Assembly.Location);
        }

        return [.. framework.Concat(packages).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
