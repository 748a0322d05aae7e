using ProxyProtocol.Docs.Tests.Markdown;

namespace ProxyProtocol.Docs.Tests.Snippets;

/// <summary>Every csharp block in the user documentation compiles as pasted, without warnings (see <see cref="SnippetContext"/>).</summary>
public sealed class SnippetTests
{
    public static TheoryData<string> Blocks() => [.. CSharpBlocks().Select(b => b.ToString())];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Compiles_as_pasted(string block)
    {
        var separator = block.LastIndexOf(':');
        var file = block[..separator];
        var snippet = MarkdownBlocks.Read(file).Single(b => b.ToString() == block);
        var problems = SnippetCompiler.Diagnose(snippet.Text, SnippetContext.Parse(snippet.Annotation));
        Assert.True(problems.Count == 0, $"{block} ({snippet.Annotation ?? "snippet: console"}):\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void Documentation_has_csharp_blocks_in_every_place_the_test_reads()
    {
        Assert.Contains(CSharpBlocks(), b => b.File == "README.md");
        Assert.Contains(CSharpBlocks(), b => b.File.StartsWith("docs/", StringComparison.Ordinal));
    }

    /// <summary>README.md, CHANGELOG.md, docs/, the package READMEs (shown on each package's page) and the samples' READMEs.</summary>
    internal static IEnumerable<string> DocumentationFiles() =>
        new[] { "README.md", "CHANGELOG.md" }
            .Concat(Directory.EnumerateFiles(Repository.File("docs"), "*.md", SearchOption.AllDirectories).Select(Relative))
            .Concat(Directory.EnumerateFiles(Repository.File("src"), "README.md", SearchOption.AllDirectories).Select(Relative))
            .Concat(Directory.EnumerateFiles(Repository.File("samples"), "README.md", SearchOption.AllDirectories).Select(Relative))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<MarkdownBlock> CSharpBlocks() => DocumentationFiles().SelectMany(MarkdownBlocks.Read).Where(b => b.IsCSharp);

    private static string Relative(string path) => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
}
