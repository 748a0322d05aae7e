using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace ProxyProtocol.Generators.Tests.Properties;

/// <summary>
/// The generator's promise, for any set of [ProxyTlv] declarations: the build succeeds and every generated member is
/// usable and means the TLV, or it fails only with PPTLV errors on the declarations. Never a generator crash (CS8785),
/// never a diagnostic in generated code, and a bad declaration never removes a good one's members.
/// </summary>
/// <remarks>
/// Each case compiles in memory against one shared set of reference assemblies. CsCheck's variables set the run:
/// <c>CsCheck_Iter=60000</c> for a longer run (default 6,000 cases, about 45 s on 2 cores), <c>CsCheck_Seed=…</c> to
/// replay a failure (the failure message prints the seed and the shrunk declarations).
/// </remarks>
public sealed class DeclarationPropertyTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 6000;

    // Every case adds its trees to this one compilation, so the references are bound once.
    private static readonly CSharpCompilation Base = GeneratorHarness.Compile();
    private static readonly ISourceGenerator Generator = new ProxyTlvGenerator().AsSourceGenerator();

    private static readonly Gen<int[][]> Genes = Gen.Int[0, 999].Array[12].Array[1, 4];

    [Fact]
    public void Any_declaration_set_builds_or_fails_only_with_pptlv_errors_on_its_declarations()
    {
        var stats = new Stats();
        var iterations = Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? DefaultIterations : -1;
        Genes.Sample(
            genes => Check(new DeclarationSet(genes), stats),
            iter: iterations,
            print: genes => new DeclarationSet(genes).ToString());
        output.WriteLine(stats.ToString());
        Assert.True(stats.Generated * 2 > stats.Cases, $"too few declarations were generated to mean anything: {stats}");
        Assert.True(stats.Ran > 0, $"no case was run: {stats}");
    }

    private static void Check(DeclarationSet set, Stats stats)
    {
        Interlocked.Increment(ref stats.Cases);
        var trees = set.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, GeneratorHarness.ParseOptions, f.Path)).ToArray();
        var input = Base.AddSyntaxTrees(trees);
        var driver = CSharpGeneratorDriver.Create([Generator], parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out var generated, out _);
        var run = driver.GetRunResult().Results.Single();
        Assert.True(run.Exception is null, $"the generator threw: {run.Exception}");

        // Every PPTLV error is on a declaration's identifier; which declarations have one.
        var bad = new HashSet<Declaration>();
        foreach (var diagnostic in run.Diagnostics)
        {
            Assert.StartsWith("PPTLV", diagnostic.Id, StringComparison.Ordinal);
            var owner = Owner(set, diagnostic.Location);
            Assert.True(owner is not null, $"{diagnostic} is not on a declaration");
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                bad.Add(owner);
            }
        }

        // The declarations themselves may not compile (say a type named System hides the namespace from another file):
        // then nothing can be said about what is generated beyond the checks above.
        var ownErrors = new Lazy<bool>(() => input.GetDiagnostics().Any(x => x.Severity == DiagnosticSeverity.Error));
        var rejected = set.Declarations.FirstOrDefault(d => d.ExpectValid && bad.Contains(d));
        if (rejected is not null)
        {
            Assert.True(ownErrors.Value, $"a valid declaration was rejected: {string.Join("; ", run.Diagnostics.Where(x => Owner(set, x.Location) == rejected))}\n{rejected.Source}");
            Interlocked.Increment(ref stats.UserErrors);
            return;
        }

        // The good declarations' members are used from code in their namespace, which must compile and bind to them.
        var good = set.Declarations.Where(d => !bad.Contains(d)).ToList();
        Interlocked.Add(ref stats.Generated, good.Count);
        var uses = CSharpSyntaxTree.ParseText(UseSites(good), GeneratorHarness.ParseOptions, "Uses.cs");
        var output = generated.AddSyntaxTrees(uses);
        var diagnostics = output.GetDiagnostics();
        var inGenerated = diagnostics.Where(x => x.Severity >= DiagnosticSeverity.Warning && x.Location.SourceTree is { } t && run.GeneratedSources.Any(s => s.SyntaxTree == t)).ToList();
        var errors = diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error).ToList();
        if (inGenerated.Count > 0 || errors.Count > 0)
        {
            // Only declarations that do not compile themselves (a type and a namespace of one name, say) leave nothing
            // to say about their generated members; such a case is counted, not checked further.
            Assert.True(ownErrors.Value, $"the build failed:\n{string.Join("\n", inGenerated.Concat(errors).Distinct())}\n{UseSites(good)}");
            Interlocked.Increment(ref stats.UserErrors);
            return;
        }

        var model = output.GetSemanticModel(uses);
        foreach (var access in uses.GetRoot().DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(m => m.Expression is IdentifierNameSyntax { Identifier.Text: "h" or "b" }))
        {
            var symbol = model.GetSymbolInfo(access).Symbol;
            Assert.True(symbol?.Locations.Any(l => run.GeneratedSources.Any(s => s.SyntaxTree == l.SourceTree)) == true, $"{access} binds to {symbol?.ToDisplayString() ?? "nothing"}, not to a generated member");
        }

        // Every generated declaration, expected or not, must mean its own TLV and no other. Which cases run is decided by
        // the case itself, not by a counter, so a failure replays from its seed and shrinks.
        Interlocked.Increment(ref stats.Compiled);
        if (set.RunsRoundTrips && good.Any(d => d.Sample is not null))
        {
            RunRoundTrips(output, good.Where(d => d.Sample is not null));
            Interlocked.Increment(ref stats.Ran);
        }
    }

    // Generator diagnostics carry a file path and span (no tree): the declaration whose text holds the span and whose
    // name it is.
    private static Declaration? Owner(DeclarationSet set, Location location)
    {
        var path = location.GetLineSpan().Path;
        var text = set.Files.FirstOrDefault(f => f.Path == path).Text;
        if (text is null || location.SourceSpan.End > text.Length)
        {
            return null;
        }

        var name = text.Substring(location.SourceSpan.Start, location.SourceSpan.Length);
        return set.Declarations.FirstOrDefault(d =>
        {
            var start = text.IndexOf(d.Source, StringComparison.Ordinal);
            return start >= 0 && start <= location.SourceSpan.Start && location.SourceSpan.End <= start + d.Source.Length && name == d.Name;
        });
    }

    private static string UseSites(IReadOnlyList<Declaration> declarations)
    {
        var sb = new StringBuilder("using System;\nusing System.Net;\nusing ProxyProtocol;\n");
        foreach (var d in declarations)
        {
            // The TLV written as d is read as no other declaration of the set and as no registry TLV.
            var others = string.Concat(declarations.Where(o => o != d).Select(o =>
                $" if (built.TryGetTlv<{o.FullName}>(out {o.FullName} _)) return \"also read as {o.Name}\";"))
                + " foreach (global::ProxyProtocol.ProxyTypedTlv typed in built.TypedTlvs) return \"also read as header.\" + typed.Name;";
            var open = d.Namespace is null ? string.Empty : $"namespace {d.Namespace} {{ ";
            var close = d.Namespace is null ? string.Empty : " }";
            var write = d.Sample is null ? string.Empty : (d.Custom ? $"b.Add{d.Plain}(new {d.Name}(2))" : $"b.Add{d.Plain}({d.Sample}).Add{d.Plain}(new {d.Name}({d.Sample}))");
            var subtypeCheck = d.Subtype is { } s ? $" if (tlv.Value.Length < 1 || tlv.Value.Span[0] != 0x{s:X2}) return \"subtype\";" : string.Empty;
            var roundTrip = d.Sample is null ? "return null;" :
                $"global::ProxyProtocol.ProxyHeader built = new global::ProxyProtocol.ProxyHeaderBuilder().Local().Add{d.Plain}({(d.Custom ? $"new {d.Name}(2)" : d.Sample)}).Build();"
                + " global::ProxyProtocol.ProxyTlv tlv = global::System.Linq.Enumerable.First(built.Tlvs);"
                + $" if (tlv.Type != 0x{d.Type:X2}) return \"type\";{subtypeCheck}"
                + $" if (built.{d.Name} is not {{ }} read) return \"read back as null\";" + others
                + $" if (new global::ProxyProtocol.ProxyHeaderBuilder().Local().Build().{d.Name} is not null) return \"absent, read as a value\";"
                + $" global::ProxyProtocol.ProxyHeader again = new global::ProxyProtocol.ProxyHeaderBuilder().Local().Add{d.Plain}(read).Build();"
                + " return again.Tlvs.RawBytes.Span.SequenceEqual(built.Tlvs.RawBytes.Span) ? null : \"re-encoded differently\";";
            sb.Append(open)
                .Append("internal static class Use").Append(d.Index).Append(" { ")
                .Append("public static object? Read(global::ProxyProtocol.ProxyHeader h) => h.").Append(d.Name).Append("; ")
                .Append(write.Length == 0 ? string.Empty : $"public static global::ProxyProtocol.ProxyHeaderBuilder Write(global::ProxyProtocol.ProxyHeaderBuilder b) => {write}; ")
                .Append("public static string? RoundTrip() { ").Append(roundTrip).Append(" } }")
                .Append(close).Append('\n');
        }

        return sb.ToString();
    }

    private static void RunRoundTrips(Compilation compilation, IEnumerable<Declaration> declarations)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.DynamicallyLinkedLibrary)).Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext(null, isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            foreach (var d in declarations)
            {
                var type = assembly.GetTypes().Single(t => t.Name == $"Use{d.Index}");
                var failure = (string?)type.GetMethod("RoundTrip")!.Invoke(null, null);
                Assert.True(failure is null, $"{d.Name}: {failure}\n{d.Source}");
            }
        }
        catch (TargetInvocationException e)
        {
            throw new InvalidOperationException("a round trip threw", e.InnerException);
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class Stats
    {
        public int Cases;
        public int Generated;
        public int Compiled;
        public int UserErrors;
        public int Ran;

        public override string ToString() =>
            $"{Cases} cases, {Generated} declarations generated, {Compiled} compiled with every member used, {UserErrors} with errors in the declarations themselves, {Ran} run";
    }
}
