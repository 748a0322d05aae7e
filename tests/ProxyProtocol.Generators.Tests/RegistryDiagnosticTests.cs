using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyProtocol.Generators.Tests;

/// <summary>A broken registry is reported at its file and line, never as a crash, and generates nothing.</summary>
public sealed class RegistryDiagnosticTests
{
    private static (Diagnostic Diagnostic, int GeneratedCount) Run(string json)
    {
        var (_, result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(string.Empty), new InMemoryAdditionalText("/repo/tlv-registry.json", json));
        Assert.Empty(result.Results.Single().Exception is { } e ? [e] : Array.Empty<Exception>());
        return (Assert.Single(result.Diagnostics), result.Results.Single().GeneratedSources.Length);
    }

    [Theory]
    [InlineData("{\n  \"tlvs\": [\n    { \"name\": \"A\" \n  ]\n}", 4, 3)]
    [InlineData("{\n  \"tlvs\": [,]\n}", 2, 12)]
    [InlineData("{ \"tlvs\": [] } trailing", 1, 16)]
    [InlineData("{\n\"tlvs\": \"unterminated\n}", 2, 22)]
    [InlineData("", 1, 1)]
    public void PPTLV001_invalid_json_points_at_the_line(string json, int line, int column)
    {
        var (d, generated) = Run(json);
        Assert.Equal("PPTLV001", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        var span = d.Location.GetLineSpan();
        Assert.Equal("/repo/tlv-registry.json", span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Contains($"tlv-registry.json({line},{column})", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(0, generated);
    }

    [Theory]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": "0x01", "format": "utf16", "doc": "d" } ] }""", "unknown format")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": "0x100", "format": "utf8", "doc": "d" } ] }""", "must be a byte")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 256, "format": "utf8", "doc": "d" } ] }""", "must be a byte")]
    [InlineData("""{ "tlvs": [ { "name": "x", "type": 1, "format": "utf8", "doc": "d" } ] }""", "PascalCase")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8" } ] }""", "missing property \"doc\"")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d", "colour": 1 } ] }""", "unknown property \"colour\"")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d", "maxLength": 70000 } ] }""", "maxLength")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d" }, { "name": "X", "type": 2, "format": "utf8", "doc": "d" } ] }""", "used twice")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d" }, { "name": "Y", "type": 1, "format": "utf8", "doc": "d" } ] }""", "same type")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d", "fields": [] } ] }""", "only allowed with format \"composite\"")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "utf8", "doc": "d" } ] } ] }""", "unsigned integer")]
    [InlineData("""{ "tlvs": {} }""", "must be an array")]
    [InlineData("""[]""", "must be an object")]
    public void PPTLV002_schema_errors(string json, string message)
    {
        var (d, generated) = Run(json);
        Assert.Equal("PPTLV002", d.Id);
        Assert.Contains(message, d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(0, generated);
    }

    [Theory]
    [InlineData("""{ "tlvs": [ { "name": "A", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "Fl", "doc": "d", "values": [] } } ] }, { "name": "B", "type": 2, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "Fl", "doc": "d", "values": [] } } ] } ] }""")]
    [InlineData("""{ "tlvs": [ { "name": "A", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "BTlv", "doc": "d", "values": [] } } ] }, { "name": "B", "type": 2, "format": "utf8", "doc": "d" } ] }""")]
    [InlineData("""{ "tlvs": [ { "name": "A", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "ProxyTlvTypes", "doc": "d", "values": [] } } ] } ] }""")]
    public void PPTLV002_generated_type_names_clash(string json)
    {
        // Two generated types with one name would be two sources with one hint name: a generator crash, not a diagnostic.
        var (d, generated) = Run(json);
        Assert.Equal("PPTLV002", d.Id);
        Assert.Contains("already generated", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(0, generated);
    }

    [Fact]
    public void Line_breaks_in_doc_text_stay_inside_the_doc_comment()
    {
        var json = """{ "tlvs": [ { "name": "A", "type": 1, "specName": "PP2\r\nX", "format": "utf8", "doc": "line one\nline two", "spec": "s\u2028t" } ] }""";
        var (_, result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(string.Empty), new InMemoryAdditionalText("/repo/tlv-registry.json", json));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees.SelectMany(t => t.GetDiagnostics()));
    }

    [Theory]
    [InlineData("Not A Namespace")]
    [InlineData("")]
    [InlineData("A..B")]
    [InlineData("1A")]
    public void PPTLV002_namespace_must_be_a_dotted_name(string ns)
    {
        var (d, generated) = Run($$"""{ "namespace": "{{ns}}", "tlvs": [ { "name": "A", "type": 1, "format": "utf8", "doc": "d" } ] }""");
        Assert.Equal("PPTLV002", d.Id);
        Assert.Contains("namespace", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(0, generated);
    }

    [Fact]
    public void PPTLV002_points_at_the_offending_value()
    {
        var (d, _) = Run("{\n  \"tlvs\": [\n    {\n      \"name\": \"X\",\n      \"type\": \"0x01\",\n      \"format\": \"float\",\n      \"doc\": \"d\"\n    }\n  ]\n}");
        var start = d.Location.GetLineSpan().StartLinePosition;
        Assert.Equal((6, 17), (start.Line + 1, start.Character + 1));
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
        Assert.Equal(2, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d =>
        {
            Assert.Equal("PPTLV003", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal(0, d.Location.GetLineSpan().StartLinePosition.Line);
            Assert.Contains("/repo/tlv-registry.json", d.GetMessage(), StringComparison.Ordinal);
        });
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
        var options = new GlobalOptionsProvider(value is null ? [] : new Dictionary<string, string> { [GeneratorHarness.RegistryOptIn] = value });
        var driver = CSharpGeneratorDriver.Create(
            [new ProxyTlvGenerator().AsSourceGenerator()],
            [
                new InMemoryAdditionalText("/app/tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json"))),
                new InMemoryAdditionalText("/app/sub/tlv-registry.json", "not json"),
            ],
            GeneratorHarness.ParseOptions,
            options);
        var result = driver.RunGenerators(GeneratorHarness.Compile(string.Empty)).GetRunResult();
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Null(result.Results.Single().Exception);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    public void The_opt_in_property_as_MSBuild_passes_it_enables_the_registry(string value)
    {
        var options = new GlobalOptionsProvider(new Dictionary<string, string> { [GeneratorHarness.RegistryOptIn] = value });
        var driver = CSharpGeneratorDriver.Create(
            [new ProxyTlvGenerator().AsSourceGenerator()],
            [new InMemoryAdditionalText("/repo/tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json")))],
            GeneratorHarness.ParseOptions,
            options);
        var result = driver.RunGenerators(GeneratorHarness.Compile(string.Empty)).GetRunResult();
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "ProxyHeader.Tlvs.g.cs");
    }

    [Fact]
    public void The_shipped_registry_is_valid()
    {
        var result = ProxyProtocol.Generators.Parsing.RegistryParser.Parse("tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json")));
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Model);
        Assert.Equal(
            ["Alpn", "Authority", "Crc32C", "Noop", "UniqueId", "Ssl", "Netns", "AwsVpcEndpointId", "AzurePrivateLinkId", "GcpPscConnectionId"],
            result.Model!.Entries.Select(e => e.Name));
    }
}
