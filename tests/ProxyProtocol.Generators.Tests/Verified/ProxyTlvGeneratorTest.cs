using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>
/// A Microsoft.CodeAnalysis.Testing source generator test for <see cref="ProxyTlvGenerator"/> that runs offline:
/// its <see cref="ReferenceAssemblies"/> names no package (so nothing is downloaded) and the .NET 10 reference
/// assemblies come from Basic.Reference.Assemblies.Net100, plus ProxyProtocol.dll for [ProxyTlv] and IProxyTlv.
/// </summary>
internal sealed class ProxyTlvGeneratorTest : CSharpSourceGeneratorTest<ProxyTlvGenerator, DefaultVerifier>
{
    /// <summary>Only a target framework name: no reference-assembly package to resolve or fetch.</summary>
    internal static readonly ReferenceAssemblies OfflineNet100 = new("net10.0");

    /// <param name="referenceProxyProtocol">False when the test compiles the library's own sources instead.</param>
    /// <param name="registryOptIn">Whether the global options carry the registry opt-in property, as the library's own
    /// build does (src/ProxyProtocol makes ProxyProtocolTlvRegistry compiler-visible); false as in a package user's.</param>
    internal ProxyTlvGeneratorTest(bool referenceProxyProtocol = true, bool registryOptIn = true)
    {
        ReferenceAssemblies = OfflineNet100;
        if (registryOptIn)
        {
            TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ProxyProtocolTlvRegistry = true\n"));
        }

        TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        if (referenceProxyProtocol)
        {
            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ProxyHeader).Assembly.Location));
        }
    }

    /// <summary>The language version of every source in the test project (C# 14 unless a test needs otherwise).</summary>
    internal LanguageVersion LanguageVersion { get; set; } = LanguageVersion.CSharp14;

    /// <summary>Adds an expected generated file by its hint name, as AddSource makes it (UTF-8, SHA-256 checksum).</summary>
    internal void ExpectGenerated(string hintName, string text) =>
        TestState.GeneratedSources.Add((typeof(ProxyTlvGenerator), hintName, SourceText.From(text, Encoding.UTF8, SourceHashAlgorithm.Sha256)));

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}
