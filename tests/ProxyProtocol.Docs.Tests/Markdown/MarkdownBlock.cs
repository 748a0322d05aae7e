namespace ProxyProtocol.Docs.Tests.Markdown;

/// <summary>
/// A fenced code block of a Markdown file. <see cref="Annotation"/> is the text of an HTML comment on the line just
/// before the opening fence (invisible when the page is rendered), which tells the tests what the block is.
/// </summary>
internal sealed record MarkdownBlock(string File, int Line, string Language, string? Annotation, string Text)
{
    public override string ToString() => $"{File}:{Line}";
}
