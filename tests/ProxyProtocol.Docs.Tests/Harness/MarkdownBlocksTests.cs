using ProxyProtocol.Docs.Tests.Markdown;

namespace ProxyProtocol.Docs.Tests.Harness;

/// <summary>No C# block escapes the snippet test because of how its fence is written.</summary>
public sealed class MarkdownBlocksTests
{
    [Theory]
    [InlineData("```csharp", "```")]
    [InlineData("```C#", "```")]
    [InlineData("```CSharp", "```")]
    [InlineData("```cs", "```")]
    [InlineData("```csharp title=\"Program.cs\"", "```")]
    [InlineData("~~~csharp", "~~~")]
    [InlineData("````csharp", "````")]
    [InlineData("  ```csharp", "  ```")]
    public void A_csharp_block_is_found_however_its_fence_is_written(string open, string close)
    {
        var block = Assert.Single(MarkdownBlocks.Parse("test.md", ["text", open, "var x = 1;", close, "text"]));

        Assert.True(block.IsCSharp, block.Language);
        Assert.Equal("var x = 1;", block.Text);
    }

    [Theory]
    [InlineData("```sh")]
    [InlineData("```json")]
    [InlineData("```")]
    [InlineData("```css")]
    public void Other_languages_are_not_csharp(string open)
    {
        Assert.False(Assert.Single(MarkdownBlocks.Parse("test.md", [open, "x", "```"])).IsCSharp);
    }

    [Fact]
    public void A_closing_fence_must_match_the_opening_one()
    {
        Assert.Equal("var s = \"\";\n```", Assert.Single(MarkdownBlocks.Parse("test.md", ["~~~csharp", "var s = \"\";", "```", "~~~"])).Text);
        Assert.Equal("a\n```\nb", Assert.Single(MarkdownBlocks.Parse("test.md", ["````csharp", "a", "```", "b", "````"])).Text);
    }

    [Fact]
    public void An_unclosed_block_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => MarkdownBlocks.Parse("test.md", ["```csharp", "var x = 1;"]));
    }
}
