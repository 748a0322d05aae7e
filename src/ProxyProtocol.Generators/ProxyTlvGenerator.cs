using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ProxyProtocol.Generators.Emit;
using ProxyProtocol.Generators.Model;
using ProxyProtocol.Generators.Parsing;

namespace ProxyProtocol.Generators;

/// <summary>
/// Generates typed TLV code from <c>tlv-registry.json</c> (an AdditionalFiles item, read only where the
/// ProxyProtocolTlvRegistry property opts in: when building ProxyProtocol itself) and from <c>[ProxyTlv]</c> declarations (in any project referencing ProxyProtocol). Only wiring lives here:
/// parsers make equatable models, emitters make text, and diagnostics travel on their own outputs so that an edit
/// that changes only a location does not re-emit code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProxyTlvGenerator : IIncrementalGenerator
{
    /// <summary>The file name recognised among AdditionalFiles.</summary>
    public const string RegistryFileName = "tlv-registry.json";

    /// <summary>The global option that enables the registry: the MSBuild property ProxyProtocolTlvRegistry=true,
    /// made visible by <c>&lt;CompilerVisibleProperty Include="ProxyProtocolTlvRegistry" /&gt;</c>.</summary>
    public const string RegistryOptInProperty = "build_property.ProxyProtocolTlvRegistry";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Only a project that opts in (src/ProxyProtocol) reads a registry: a package user's own tlv-registry.json
        // must not get ProxyHeader code generated into their assembly.
        var registryOptIn = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(RegistryOptInProperty, out var value)
                && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.RegistryOptIn);

        // Collected, so that a second tlv-registry.json (say in a subfolder) is PPTLV003 rather than every hint name
        // added twice (CS8785). The result is equatable, so the steps below stay cached while it does not change.
        var registryRead = context.AdditionalTextsProvider
            .Where(static file => string.Equals(Path.GetFileName(file.Path), RegistryFileName, StringComparison.OrdinalIgnoreCase))
            .Collect()
            .Combine(registryOptIn)
            .Select(static (input, ct) => input.Right ? ReadRegistry(input.Left, ct) : RegistryResult.Off);

        // The generated names are checked against the library's own members; the names are equatable, so an edit that
        // does not change them leaves the registry steps cached.
        var libraryNames = context.CompilationProvider
            .Combine(registryRead.Select(static (r, _) => r.Model?.Namespace))
            .Select(static (input, _) => input.Right is { } ns ? LibraryNames.From(input.Left, ns) : null);

        var registry = registryRead
            .Combine(libraryNames)
            .Select(static (input, _) => input.Right is { } names ? LibraryNames.Check(input.Left, names) : input.Left)
            .WithTrackingName(TrackingNames.RegistryResult);

        var registryModel = registry
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.RegistryModel);

        context.RegisterSourceOutput(registry.Select(static (r, _) => r.Diagnostics), ReportDiagnostics);
        context.RegisterSourceOutput(registryModel, static (spc, model) =>
        {
            if (model is null)
            {
                return;
            }

            foreach (var file in RegistryEmitter.Emit(model))
            {
                spc.AddSource(file.Key, file.Value);
            }
        });

        var userTlvs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                UserTlvParser.AttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                UserTlvParser.Parse)
            .WithTrackingName(TrackingNames.UserTlvResult);

        var userSpecs = userTlvs
            .Select(static (result, _) => result.Spec)
            .WithTrackingName(TrackingNames.UserTlvSpec);

        context.RegisterSourceOutput(userTlvs.Select(static (r, _) => r.Diagnostics), ReportDiagnostics);
        context.RegisterSourceOutput(
            userSpecs.Where(static spec => spec is not null).Collect().Select(static (specs, _) => specs.Select(s => s!).ToEquatableArray()),
            static (spc, specs) =>
            {
                if (specs.Count > 0)
                {
                    spc.AddSource(UserTlvEmitter.HintName, UserTlvEmitter.Emit(specs));
                }
            });

        var clashes = userTlvs
            .Select(static (result, _) => result.Claim)
            .Where(static claim => claim is not null)
            .Collect()
            .Select(static (claims, _) => ClashChecker.Check(claims.Select(c => c!).ToImmutableArray(), ClashChecker.BuiltInRegistry))
            .WithTrackingName(TrackingNames.Clashes);
        context.RegisterSourceOutput(clashes, ReportDiagnostics);
    }

    /// <summary>
    /// Reads one registry file: the one with the shortest path, then the ordinally first, so the choice depends on
    /// neither item order nor host (a file beside a subfolder wins over the one in it). The others are PPTLV003 and
    /// not read: the build fails either way, but generating from one keeps that error the only one instead of burying
    /// it under every member the library expects from the registry.
    /// </summary>
    private static RegistryResult ReadRegistry(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        if (files.IsEmpty)
        {
            return RegistryResult.Off;
        }

        files = files.OrderBy(f => f.Path.Length).ThenBy(f => f.Path, StringComparer.Ordinal).ToImmutableArray();
        var first = files[0];
        var result = RegistryParser.Parse(first.Path, first.GetText(cancellationToken)?.ToString());
        if (files.Length == 1)
        {
            return result;
        }

        var diagnostics = result.Diagnostics.ToList();
        foreach (var extra in files.Skip(1))
        {
            var start = new LocationInfo(extra.Path, default, default);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MoreThanOneRegistry, start, extra.Path, first.Path));
        }

        return result with { Diagnostics = diagnostics.ToEquatableArray() };
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}

/// <summary>Names of pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    /// <summary>Whether the project opted in to the registry (build_property.ProxyProtocolTlvRegistry).</summary>
    public const string RegistryOptIn = nameof(RegistryOptIn);

    /// <summary>The registry read from AdditionalFiles, with diagnostics.</summary>
    public const string RegistryResult = nameof(RegistryResult);

    /// <summary>The registry model alone (what code is emitted from).</summary>
    public const string RegistryModel = nameof(RegistryModel);

    /// <summary>Each [ProxyTlv] declaration parsed, with diagnostics.</summary>
    public const string UserTlvResult = nameof(UserTlvResult);

    /// <summary>Each valid [ProxyTlv] declaration's spec (what code is emitted from).</summary>
    public const string UserTlvSpec = nameof(UserTlvSpec);

    /// <summary>Diagnostics for declarations that clash with each other or with the registry.</summary>
    public const string Clashes = nameof(Clashes);
}
