using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace ProxyProtocol.Generators.Json;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A parsed JSON value with its place in the file, so schema errors can point at a line.</summary>
internal sealed class JsonNode
{
    public JsonNode(JsonKind kind, TextSpan span, LinePositionSpan lines)
    {
        Kind = kind;
        Span = span;
        Lines = lines;
    }

    public JsonKind Kind { get; }

    public TextSpan Span { get; }

    public LinePositionSpan Lines { get; }

    /// <summary>The string value, or the raw text of a number.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Object members in file order (names may repeat; the schema reader rejects that).</summary>
    public List<KeyValuePair<JsonNode, JsonNode>> Members { get; } = new();

    public List<JsonNode> Items { get; } = new();
}
