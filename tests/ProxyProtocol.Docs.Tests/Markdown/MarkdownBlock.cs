namespace ProxyProtocol.Docs.Tests.Markdown;

/// <summary>
/// A fenced code block of a Markdown file. <see cref="Annotation"/> is the text of an HTML comment on the line just
/// before the opening fence (invisible when the page is rendered), which tells the tests what the block is.
/// </summary>
internal sealed record MarkdownBlock(string File, int Line, string Language, string? Annotation, string Text)
{
    /// <summary>Whether the block is C#, by any name GitHub gives the language (<c>csharp</c>, <c>cs</c>, <c>c#</c>, any case).</summary>
    internal bool IsCSharp => new[] { "csharp", "cs", "c#" }.Contains(Language, StringComparer.OrdinalIgnoreCase);

    public override string ToString() => $"{File}:{Line}";
}
