using Microsoft.CodeAnalysis.Testing;
using D = ProxyProtocol.Generators.DiagnosticDescriptors;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>
/// (Microsoft.CodeAnalysis.Testing) The registry as an AdditionalFiles item: the shipped registry generates exactly the
/// Baselines/Registry files, which compile together with the library's own sources (as in the real build); a broken
/// registry reports PPTLV001/PPTLV002 at the exact place in the file ({|#n:...|} markup in the JSON); what a broken
/// registry still generates is checked in <see cref="RegistryDriverTests"/>.
/// </summary>
[Collection(TestFiles.BaselineCollection)]
public sealed class RegistryTests
{
    private const string RegistryPath = "tlv-registry.json";

    // The SDK's implicit usings for Microsoft.NET.Sdk, which the library relies on.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static ProxyTlvGeneratorTest WithRegistry(string registryMarkup, params DiagnosticResult[] expected)
    {
        var test = new ProxyTlvGeneratorTest();
        test.TestState.Sources.Add("namespace Consumer { internal static class Empty { } }");
        test.TestState.AdditionalFiles.Add((RegistryPath, registryMarkup));
        test.ExpectedDiagnostics.AddRange(expected);
        // What a broken registry still generates, and that it compiles with the library, is RegistryDriverTests' and the
        // library-sourced tests' concern: this compilation has no ProxyHeader source for the generated parts to complete.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test;
    }

    [Fact]
    public async Task Shipped_registry_generates_the_baselines_which_compile_with_the_library_sources() =>
        await LibraryWithShippedRegistry().RunAsync();

    [Fact]
    public async Task PPTLV003_a_second_registry_is_reported_at_its_first_line_and_the_top_level_one_is_emitted()
    {
        // The top-level file keeps generating (so the build shows this one error, not every missing accessor); the
        // one in a subfolder (the shorter path wins, whatever the order) is not read at all: it is not even JSON.
        var test = LibraryWithShippedRegistry();
        test.TestState.AdditionalFiles.Add(("sub/" + RegistryPath, "{|#0:|}not json"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(D.MoreThanOneRegistry).WithLocation(0).WithArguments("sub/" + RegistryPath, RegistryPath));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("Version", "the property ProxyHeader.Version, but ProxyHeader already has a member of that name")]
    [InlineData("GetType", "the property ProxyHeader.GetType, but ProxyHeader already has a member of that name")]
    [InlineData("Tlv", "the method ProxyHeaderBuilder.AddTlv, but ProxyHeaderBuilder already has a member of that name")]
    [InlineData("Proxy", "the type ProxyTlv, but the library already declares a type of that name")]
    public async Task PPTLV002_an_entry_clashing_with_the_library_is_the_only_error_and_the_rest_generates(string name, string what)
    {
        // The real library sources: a bad entry is left out, every other entry generates exactly as before (the
        // baselines), so the build shows this one error and not every member the library expects.
        var registry = File.ReadAllText(TestFiles.RepositoryFile(RegistryPath));
        var extra = $$"""{ "name": {|#0:"{{name}}"|}, "type": "0xE7", "format": "utf8", "doc": "d" }""";
        var at = registry.LastIndexOf(']');
        var markup = registry[..registry.LastIndexOf('}', at)] + "},\n    " + extra + "\n  " + registry[at..];
        var test = LibraryWithShippedRegistry(markup);
        var start = MarkupStart(markup);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(D.RegistrySchema).WithLocation(0)
            .WithArguments($"{RegistryPath}({start.Line},{start.Column})", $"\"{name}\" would generate {what}; rename the entry"));
        await test.RunAsync();
    }

    private static ProxyTlvGeneratorTest LibraryWithShippedRegistry(string? registryMarkup = null)
    {
        var test = new ProxyTlvGeneratorTest(referenceProxyProtocol: false);
        var library = TestFiles.RepositoryFile(Path.Combine("src", "ProxyProtocol"));
        var separator = Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(library, file);
            if (!relative.StartsWith($"obj{separator}", StringComparison.Ordinal) && !relative.StartsWith($"bin{separator}", StringComparison.Ordinal))
            {
                test.TestState.Sources.Add(("src/ProxyProtocol/" + relative.Replace(separator, '/'), File.ReadAllText(file)));
            }
        }

        test.TestState.Sources.Add(("ImplicitUsings.cs", ImplicitUsings));
        test.TestState.AdditionalReferences.Add(MetadataReferenceOf(typeof(System.IO.Hashing.Crc32)));
        var registry = File.ReadAllText(TestFiles.RepositoryFile(RegistryPath));
        test.TestState.AdditionalFiles.Add((RegistryPath, registryMarkup ?? registry));
        TestFiles.UpdateFrom("Registry", GeneratorHarness.Compile(), null, new InMemoryAdditionalText(RegistryPath, registry));
        foreach (var hintName in TestFiles.HintNames("Registry"))
        {
            test.ExpectGenerated(hintName, TestFiles.Read("Registry", hintName));
        }

        Assert.True(test.TestState.Sources.Count > 20, "the library sources were not found");
        Assert.True(test.TestState.GeneratedSources.Count >= 10, "the registry baselines were not found");
        return test;
    }

    [Fact]
    public async Task Another_file_named_differently_is_not_read_as_the_registry()
    {
        var test = new ProxyTlvGeneratorTest();
        test.TestState.Sources.Add("namespace Consumer { internal static class Empty { } }");
        test.TestState.AdditionalFiles.Add(("other.json", "not json at all"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Without_the_opt_in_property_a_registry_file_generates_and_reports_nothing()
    {
        // As in a package user's project that happens to have files named tlv-registry.json, one not even JSON.
        var test = new ProxyTlvGeneratorTest(registryOptIn: false);
        test.TestState.Sources.Add("namespace Consumer { internal static class Empty { } }");
        test.TestState.AdditionalFiles.Add((RegistryPath, File.ReadAllText(TestFiles.RepositoryFile(RegistryPath))));
        test.TestState.AdditionalFiles.Add(("sub/" + RegistryPath, "not json"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("{\n  \"tlvs\": [\n    { \"name\": \"A\" \n  {|#0:]|}\n}", "tlv-registry.json(4,3)", "expected ',' or '}' but found ']'")]
    [InlineData("{\n  \"tlvs\": [\n    { \"name\": \"A\" {|#0:\"|}type\": 1 }\n  ]\n}", "tlv-registry.json(3,19)", "expected ',' or '}' but found '\"'")]
    [InlineData("{ \"tlvs\": [ {} {|#0:{|}} ] }", "tlv-registry.json(1,16)", "expected ',' or ']' but found '{'")]
    [InlineData("{\n  \"tlvs\": [{|#0:,|}]\n}", "tlv-registry.json(2,12)", "unexpected character ','")]
    [InlineData("{ \"tlvs\": [] } {|#0:t|}railing", "tlv-registry.json(1,16)", "unexpected text after the end of the document")]
    [InlineData("{\n\"tlvs\": \"unterminated{|#0:|}\n}", "tlv-registry.json(2,22)", "control character in a string (escape it)")]
    [InlineData("{|#0:|}", "tlv-registry.json(1,1)", "unexpected end of the document")]
    public async Task PPTLV001_invalid_json_points_at_the_character(string markup, string where, string message) =>
        await WithRegistry(markup, new DiagnosticResult(D.RegistrySyntax).WithLocation(0).WithArguments(where, message)).RunAsync();

    [Theory]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": "0x01", "format": {|#0:"utf16"|}, "doc": "d" } ] }""", "unknown format \"utf16\" (known: utf8, ascii, bytes, uint8, uint16be, uint16le, uint32be, uint32le, uint64be, uint64le, composite)")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": {|#0:"0x100"|}, "format": "utf8", "doc": "d" } ] }""", "\"type\" must be a byte: a number 0-255 or a string \"0x00\"-\"0xFF\"")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": {|#0:256|}, "format": "utf8", "doc": "d" } ] }""", "\"type\" must be a byte: a number 0-255 or a string \"0x00\"-\"0xFF\"")]
    [InlineData("""{ "tlvs": [ { "name": {|#0:"x"|}, "type": 1, "format": "utf8", "doc": "d" } ] }""", "\"x\" is not a PascalCase identifier (letters and digits, starting upper-case)")]
    [InlineData("""{ "tlvs": [ {|#0:{ "name": "X", "type": 1, "format": "utf8" }|} ] }""", "missing property \"doc\"")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d", {|#0:"colour"|}: 1 } ] }""", "unknown property \"colour\" (allowed: name, specName, type, subtype, format, minLength, maxLength, typed, doc, spec, fields, derived, subTlvs)")]
    [InlineData("""{ "tlvs": [ {|#0:{ "name": "X", "type": 1, "format": "utf8", "doc": "d", "maxLength": 70000 }|} ] }""", "lengths must satisfy 0 <= minLength <= maxLength <= 65535 (got 0..70000)")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d" }, {|#0:{ "name": "X", "type": 2, "format": "utf8", "doc": "d" }|} ] }""", "the name \"X\" is used twice")]
    [InlineData("""{ "tlvs": [ { "name": "X", "type": 1, "format": "utf8", "doc": "d" }, {|#0:{ "name": "Y", "type": 1, "format": "utf8", "doc": "d" }|} ] }""", "\"Y\" has the same type as \"X\"")]
    [InlineData("""{ "tlvs": [ { "name": "S", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "Client", "format": "uint8", "doc": "d" } ], "subTlvs": [ { "name": {|#0:"Client"|}, "type": 2, "format": "utf8", "doc": "d" } ] } ] }""", "the sub-TLV \"Client\" would be a second member of that name in the generated struct (the other: the field \"Client\"); rename it")]
    [InlineData("""{ "tlvs": [ { "name": "S", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": {|#0:"ToString"|}, "format": "uint8", "doc": "d" } ] } ] }""", "the field \"ToString\" would be a second member of that name in the generated struct (the other: object); rename it")]
    [InlineData("""{ "tlvs": [ { "name": "S", "type": 1, "format": "composite", "doc": "d", "fields": [ { "name": "F", "format": "uint8", "doc": "d", "flags": { "enum": "E", "doc": "d", "values": [ { "name": {|#0:"None"|}, "value": 1, "doc": "d" } ] } } ] } ] }""", "the flag \"None\" is generated for 0; rename it")]
    [InlineData("""{ "tlvs": [ { "name": "S", "type": 1, "format": "composite", "doc": "d", "fields": [], "subTlvs": [ { "name": "Version", "type": 2, "format": "utf8", "doc": "d" } ] }, { "name": {|#0:"SVersion"|}, "type": 3, "format": "utf8", "doc": "d" } ] }""", "\"SVersion\" generates the constant ProxyTlvTypes.SVersion, which \"S\" also generates; rename it")]
    [InlineData("""{ "tlvs": {|#0:{}|} }""", "\"tlvs\" must be an array")]
    [InlineData("""{|#0:[]|}""", "the document must be an object")]
    public async Task PPTLV002_schema_error_points_at_the_value(string markup, string message)
    {
        // The first argument repeats the start as file(line,column), for build logs that show no location.
        var test = WithRegistry(markup);
        var location = MarkupStart(markup);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(D.RegistrySchema).WithLocation(0).WithArguments($"{RegistryPath}({location.Line},{location.Column})", message));
        await test.RunAsync();
    }

    [Fact]
    public async Task PPTLV002_reports_every_schema_error_in_the_file() =>
        await WithRegistry(
            """
            { "tlvs": [
              { "name": {|#0:"a"|}, "type": 1, "format": "utf8", "doc": "d" },
              { "name": "B", "type": 2, "format": {|#1:"float"|}, "doc": "d" }
            ] }
            """,
            new DiagnosticResult(D.RegistrySchema).WithLocation(0).WithArguments($"{RegistryPath}(2,13)", "\"a\" is not a PascalCase identifier (letters and digits, starting upper-case)"),
            new DiagnosticResult(D.RegistrySchema).WithLocation(1).WithArguments($"{RegistryPath}(3,39)", "unknown format \"float\" (known: utf8, ascii, bytes, uint8, uint16be, uint16le, uint32be, uint32le, uint64be, uint64le, composite)")).RunAsync();

    // 1-based line and column of "{|#0:" in single-line or multi-line markup.
    private static (int Line, int Column) MarkupStart(string markup)
    {
        var before = markup[..markup.IndexOf("{|#0:", StringComparison.Ordinal)];
        return (before.Count(c => c == '\n') + 1, before.Length - before.LastIndexOf('\n'));
    }

    private static Microsoft.CodeAnalysis.MetadataReference MetadataReferenceOf(Type type) =>
        Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(type.Assembly.Location);
}
