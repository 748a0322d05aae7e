using Microsoft.CodeAnalysis;
using ProxyProtocol.Generators.Tests.Verified;

namespace ProxyProtocol.Generators.Tests;

/// <summary>
/// The generated code is checked in under Baselines/ and reviewed in diffs. After an intended change, regenerate with
/// <c>PROXYPROTOCOL_UPDATE_BASELINES=1 dotnet test tests/ProxyProtocol.Generators.Tests</c>.
/// </summary>
[Collection(TestFiles.BaselineCollection)]
public sealed class BaselineTests
{
    private const string UserSource = """
        using System;
        using ProxyProtocol;

        namespace Contoso.Edge;

        [ProxyTlv(0xE5)]
        public readonly partial record struct TenantId(string Value);

        [ProxyTlv(0xEA, Subtype = 0x02)]
        internal readonly partial record struct AwsSomething(ReadOnlyMemory<byte> Value);

        [ProxyTlv(0xE7, Encoding = ProxyTlvEncoding.LittleEndian)]
        public sealed partial class Shard
        {
            public Shard(uint value) => Value = value;

            public uint Value { get; }
        }
        """;

    [Fact]
    public void Registry_output_matches_baselines()
    {
        var registry = new InMemoryAdditionalText("tlv-registry.json", File.ReadAllText(GeneratorHarness.RepositoryFile("tlv-registry.json")));
        var (_, result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("namespace ProxyProtocol { public sealed partial class ProxyHeader { } }"), registry);
        Assert.Empty(result.Diagnostics);
        AssertBaselines("Registry", result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void User_tlv_output_matches_baselines_and_compiles()
    {
        var (_, result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(UserSource));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        AssertBaselines("User", result.Results.Single().GeneratedSources);
    }

    private static void AssertBaselines(string folder, IEnumerable<GeneratedSourceResult> sources)
    {
        var dir = Path.Combine(GeneratorHarness.TestDirectory(), "Baselines", folder);
        var update = Environment.GetEnvironmentVariable("PROXYPROTOCOL_UPDATE_BASELINES") == "1";
        var expected = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.generated.txt").Select(f => Path.GetFileName(f)).Order().ToList() : [];
        var actual = sources.Select(s => Path.GetFileNameWithoutExtension(s.HintName) + ".generated.txt").Order().ToList();
        if (update)
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            Directory.CreateDirectory(dir);
            foreach (var source in sources)
            {
                File.WriteAllText(Path.Combine(dir, Path.GetFileNameWithoutExtension(source.HintName) + ".generated.txt"), source.SourceText.ToString());
            }

            return;
        }

        Assert.Equal(expected, actual);
        foreach (var source in sources)
        {
            var path = Path.Combine(dir, Path.GetFileNameWithoutExtension(source.HintName) + ".generated.txt");
            Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), source.SourceText.ToString());
        }
    }
}
