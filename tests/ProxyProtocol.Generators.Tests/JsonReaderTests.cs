using ProxyProtocol.Generators.Json;

namespace ProxyProtocol.Generators.Tests;

public sealed class JsonReaderTests
{
    [Fact]
    public void Reads_values_with_positions()
    {
        var root = JsonReader.Parse("\uFEFF{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": \"x\\u0041\\n\\\"\"\n}");
        Assert.Equal(JsonKind.Object, root.Kind);
        var a = root.Members[0];
        Assert.Equal("a", a.Key.Text);
        Assert.Equal(1, a.Key.Lines.Start.Line);
        Assert.Equal([JsonKind.Number, JsonKind.Number, JsonKind.True, JsonKind.False, JsonKind.Null], a.Value.Items.Select(i => i.Kind));
        Assert.Equal("-2.5e3", a.Value.Items[1].Text);
        Assert.Equal("xA\n\"", root.Members[1].Value.Text);
    }

    [Theory]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{'a':1}")]
    [InlineData("[1 2]")]
    [InlineData("\"tab\there\"")]
    [InlineData("\"\\x\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("tru")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData("{")]
    public void Rejects_invalid_json(string text)
    {
        Assert.Throws<JsonSyntaxException>(() => JsonReader.Parse(text));
    }

    [Fact]
    public void Limits_nesting()
    {
        Assert.Throws<JsonSyntaxException>(() => JsonReader.Parse(new string('[', 100) + new string(']', 100)));
    }

    // An error location is one character wide, or empty at a line end or the end of the text; its line span must
    // describe the same range, since hosts show additional-file diagnostics by line span.
    [Theory]
    [InlineData("[,]", 1, 1)]
    [InlineData("{}\n x", 1, 2)]
    [InlineData("\"abc\ndef\"", 0, 1)]
    [InlineData("[1,", 0, 1)]
    public void Error_text_span_and_line_span_agree(string text, int width, int line)
    {
        var e = Assert.Throws<JsonSyntaxException>(() => JsonReader.Parse(text));
        Assert.Equal(width, e.Span.Length);
        Assert.Equal(e.Lines.Start.Line, e.Lines.End.Line);
        Assert.Equal(width, e.Lines.End.Character - e.Lines.Start.Character);
        Assert.Equal(line, e.Lines.Start.Line + 1);
    }
}
