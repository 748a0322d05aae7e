using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyProtocol.Generators.Tests;

/// <summary>
/// Registry behaviour seen through the generator driver: which file is read, what a broken registry still generates,
/// that nothing ever crashes. Diagnostics' exact form and place are Verified/RegistryTests.
/// </summary>
public sealed class RegistryDriverTests
{
    private static GeneratorRunResult Run(string json, out Compilation output)
    {
        // The library's own sources, as in its build: the generated code completes ProxyHeader and ProxyHeaderBuilder.
        var (_, result, compiled) = GeneratorHarness.Run(GeneratorHarness.CompileLibrary(), new InMemoryAdditionalText("/repo/tlv-registry.json", json));
        output = compiled;
        var run = result.Results.Single();
        Assert.Null(run.Exception);
        return run;
    }

    private static IEnumerable<string> Errors(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()[(d.ToString().LastIndexOf('/') + 1)..]);

    [Theory]
    [InlineData("{ \"tlvs\": [ { \"name\": \"A\" ] }")]
    [InlineData("{ \"tlvs\": {} }")]
    public void A_registry_that_cannot_be_read_generates_an_empty_library_that_compiles(string json)
    {
        // The library's hand-written code relies on the generated lookup (TypedTlvs): without it, a broken registry
        // would bury its PPTLV001/002 under compiler errors.
        var run = Run(json, out var output);
        Assert.Single(run.Diagnostics);
        Assert.Contains(run.GeneratedSources, s => s.HintName == "ProxyHeader.Tlvs.g.cs");
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith("Tlv.g.cs", StringComparison.Ordinal));
        Assert.Empty(Errors(output));
    }

    [Fact]
    public void A_bad_entry_drops_only_itself()
    {
        var run = Run("""
            { "tlvs": [
              { "name": "Good", "type": 1, "format": "utf8", "doc": "d" },
              { "name": "Bad", "type": 2, "format": "float", "doc": "d" },
              { "name": "Also", "type": 3, "format": "uint16be", "doc": "d" },
              { "name": "Good", "type": 4, "format": "utf8", "doc": "d" }
            ] }
            """, out var output);
        Assert.Equal(["PPTLV002", "PPTLV002"], run.Diagnostics.Select(d => d.Id));
        Assert.Equal(["AlsoTlv.g.cs", "GoodTlv.g.cs"], run.GeneratedSources.Select(s => s.HintName).Where(h => h.EndsWith("Tlv.g.cs", StringComparison.Ordinal)).Order());
        Assert.Empty(Errors(output));
    }

    [Theory]
    [InlineData("""{ "tlvs": [ { "name": "A", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "Fl", "doc": "d", "values": [] } } ] }, { "name": "B", "type": 2, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "Fl", "doc": "d", "values": [] } } ] } ] }""")]
    [InlineData("""{ "tlvs": [ { "name": "A", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "BTlv", "doc": "d", "values": [] } } ] }, { "name": "B", "type": 2, "format": "utf8", "doc": "d" } ] }""")]
    [InlineData("""{ "tlvs": [ { "name": "A", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "ProxyTlvTypes", "doc": "d", "values": [] } } ] } ] }""")]
    [InlineData("""{ "tlvs": [ { "name": "Ab", "type": 1, "format": "utf8", "doc": "d" }, { "name": "AB", "type": 2, "format": "utf8", "doc": "d" } ] }""")]
    public void Generated_type_names_that_clash_ignoring_case_are_reported_not_crashed_on(string json)
    {
        // Two sources with one hint name (compared ignoring case) would be CS8785 and lose all registry output.
        var (_, result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(string.Empty), new InMemoryAdditionalText("/repo/tlv-registry.json", json));
        Assert.Null(result.Results.Single().Exception);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("PPTLV002", d.Id);
        Assert.Contains("already generated", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_in_doc_text_stay_inside_the_doc_comment()
    {
        var run = Run("""{ "tlvs": [ { "name": "A", "type": 1, "specName": "PP2\r\nX", "format": "utf8", "doc": "line one\nline two", "spec": "s\u2028t" } ] }""", out var output);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(Errors(output));
    }

    [Fact]
    public void PPTLV003_a_second_registry_file_is_reported_and_only_the_shortest_path_is_emitted()
    {
        // Two items named tlv-registry.json (one in a subfolder) would otherwise add every hint name twice (CS8785).
        var json = """{ "tlvs": [ { "name": "A", "type": 1, "format": "utf8", "doc": "d" } ] }""";
        var (_, result, _) = GeneratorHarness.Run(
            GeneratorHarness.Compile(string.Empty),
            new InMemoryAdditionalText("/repo/sub/tlv-registry.json", "not even json"),
            new InMemoryAdditionalText("/repo/tlv-registry.json", json),
            new InMemoryAdditionalText("/repo/other/TLV-REGISTRY.json", json));
        var run = result.Results.Single();
        Assert.Null(run.Exception);
        Assert.All(result.Diagnostics, d => Assert.Equal("PPTLV003", d.Id));
        Assert.Equal(["/repo/sub/tlv-registry.json", "/repo/other/TLV-REGISTRY.json"], result.Diagnostics.Select(d => d.Location.GetLineSpan().Path));
        var single = GeneratorHarness.Run(GeneratorHarness.Compile(string.Empty), new InMemoryAdditionalText("/repo/tlv-registry.json", json)).Result.Results.Single();
        Assert.Equal(single.GeneratedSources.Select(s => s.HintName), run.GeneratedSources.Select(s => s.HintName));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("")]
    public void Without_the_opt_in_property_a_registry_file_is_ignored(string? value)
    {
        // A package user's project may well have its own tlv-registry.json: it must not get ProxyHeader code, nor
        // diagnostics about a file that was never meant for this generator.
        var result = Driver(value, new InMemoryAdditionalText("/app/tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json"))),
            new InMemoryAdditionalText("/app/sub/tlv-registry.json", "not json"));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Null(result.Results.Single().Exception);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    public void The_opt_in_property_as_msbuild_passes_it_enables_the_registry(string value)
    {
        var result = Driver(value, new InMemoryAdditionalText("/repo/tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json"))));
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "ProxyHeader.Tlvs.g.cs");
    }

    [Fact]
    public void The_shipped_registry_is_valid()
    {
        var result = ProxyProtocol.Generators.Parsing.RegistryParser.Parse("tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json")));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            ["Alpn", "Authority", "Crc32C", "Noop", "UniqueId", "Ssl", "Netns", "AwsVpcEndpointId", "AzurePrivateLinkId", "GcpPscConnectionId"],
            result.Model!.Entries.Select(e => e.Name));
    }

    private static GeneratorDriverRunResult Driver(string? optIn, params AdditionalText[] files)
    {
        var options = new GlobalOptionsProvider(optIn is null ? [] : new Dictionary<string, string> { [GeneratorHarness.RegistryOptIn] = optIn });
        var driver = CSharpGeneratorDriver.Create([new ProxyTlvGenerator().AsSourceGenerator()], files, GeneratorHarness.ParseOptions, options);
        return driver.RunGenerators(GeneratorHarness.Compile(string.Empty)).GetRunResult();
    }
}
