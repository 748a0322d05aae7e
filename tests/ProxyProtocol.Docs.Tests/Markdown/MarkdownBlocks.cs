namespace ProxyProtocol.Docs.Tests.Markdown;

/// <summary>Reads the fenced code blocks of Markdown files in the repository.</summary>
internal static class MarkdownBlocks
{
    /// <summary>The blocks of one file, <paramref name="relativePath"/> from the repository root.</summary>
    public static IReadOnlyList<MarkdownBlock> Read(string relativePath)
    {
        var lines = File.ReadAllLines(Repository.File(relativePath));
        var blocks = new List<MarkdownBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = lines[i].Length - fence.Length;
            var end = i + 1;
            while (end < lines.Length && lines[end].Trim() != "```")
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new InvalidOperationException($"{relativePath}:{i + 1}: the code block is not closed.");
            }

            var text = string.Join('\n', lines[(i + 1)..end].Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));
            blocks.Add(new MarkdownBlock(relativePath, i + 1, fence[3..].Trim(), Annotation(i > 0 ? lines[i - 1] : string.Empty), text));
            i = end;
        }

        return blocks;
    }

    /// <summary>The one block of the file that follows the annotation <c>&lt;!-- {key}: {name} --&gt;</c>.</summary>
    public static MarkdownBlock Named(string relativePath, string key, string name)
    {
        var found = Read(relativePath).Where(b => b.Annotation == $"{key}: {name}").ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"{relativePath} has {found.Count} blocks marked '<!-- {key}: {name} -->' (expected 1).");
    }

    private static string? Annotation(string line)
    {
        var text = line.Trim();
        return text.StartsWith("<!--", StringComparison.Ordinal) && text.EndsWith("-->", StringComparison.Ordinal)
            ? text[4..^3].Trim()
            : null;
    }
}
