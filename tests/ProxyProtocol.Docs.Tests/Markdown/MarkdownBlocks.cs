namespace ProxyProtocol.Docs.Tests.Markdown;

/// <summary>Reads the fenced code blocks of Markdown files in the repository.</summary>
internal static class MarkdownBlocks
{
    /// <summary>The blocks of one file, <paramref name="relativePath"/> from the repository root.</summary>
    internal static IReadOnlyList<MarkdownBlock> Read(string relativePath) => Parse(relativePath, File.ReadAllLines(Repository.File(relativePath)));

    /// <summary>
    /// The blocks of <paramref name="lines"/>, fenced as CommonMark says: three or more backticks or tildes open a
    /// block, the first word after them is its language, and only a run of the same character at least as long closes
    /// it (so a <c>~~~</c> or <c>````</c> block may show <c>```</c> lines).
    /// </summary>
    internal static IReadOnlyList<MarkdownBlock> Parse(string relativePath, IReadOnlyList<string> lines)
    {
        var blocks = new List<MarkdownBlock>();
        for (var i = 0; i < lines.Count; i++)
        {
            var opening = lines[i].TrimStart(' ');
            var fence = Fence(opening);
            if (fence.Length == 0)
            {
                continue;
            }

            var indent = lines[i].Length - opening.Length;
            var end = i + 1;
            while (end < lines.Count && !IsClosing(lines[end], fence))
            {
                end++;
            }

            if (end == lines.Count)
            {
                throw new InvalidOperationException($"{relativePath}:{i + 1}: the code block is not closed.");
            }

            var info = opening[fence.Length..].Trim();
            var language = info.Split(' ', 2)[0];
            var text = string.Join('\n', lines.Skip(i + 1).Take(end - i - 1).Select(line => Unindent(line, indent)));
            blocks.Add(new MarkdownBlock(relativePath, i + 1, language, Annotation(i > 0 ? lines[i - 1] : string.Empty), text));
            i = end;
        }

        return blocks;
    }

    /// <summary>The one block of the file that follows the annotation <c>&lt;!-- {key}: {name} --&gt;</c>.</summary>
    internal static MarkdownBlock Named(string relativePath, string key, string name)
    {
        var found = Read(relativePath).Where(b => b.Annotation == $"{key}: {name}").ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"{relativePath} has {found.Count} blocks marked '<!-- {key}: {name} -->' (expected 1).");
    }

    // The run of backticks or tildes that starts the line, if it is 3 or more long ("" otherwise).
    private static string Fence(string line)
    {
        if (line.Length < 3 || (line[0] != '`' && line[0] != '~'))
        {
            return string.Empty;
        }

        var length = line.TakeWhile(c => c == line[0]).Count();
        return length >= 3 ? line[..length] : string.Empty;
    }

    private static bool IsClosing(string line, string opening)
    {
        var fence = Fence(line.TrimStart(' '));
        return fence.Length >= opening.Length && fence[0] == opening[0] && line.Trim().Length == fence.Length;
    }

    // Content lines lose as many leading spaces as the opening fence had, and no more.
    private static string Unindent(string line, int indent)
    {
        var spaces = line.TakeWhile(c => c == ' ').Count();
        return line[Math.Min(spaces, indent)..];
    }

    private static string? Annotation(string line)
    {
        var text = line.Trim();
        return text.StartsWith("<!--", StringComparison.Ordinal) && text.EndsWith("-->", StringComparison.Ordinal)
            ? text[4..^3].Trim()
            : null;
    }
}
