using System;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ProxyProtocol.Generators.Json;

/// <summary>
/// A small strict JSON (RFC 8259) reader for the registry. System.Text.Json is not used because analyzers cannot
/// rely on it in every compiler host. Errors carry the line and column where the input stopped making sense.
/// </summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 32;
    private readonly string _text;
    private int _pos;
    private int _line;
    private int _lineStart;

    private JsonReader(string text) => _text = text;

    /// <summary>Parses a whole document.</summary>
    /// <exception cref="JsonSyntaxException">The text is not valid JSON.</exception>
    public static JsonNode Parse(string text)
    {
        var reader = new JsonReader(text);
        if (reader.Peek() == '\uFEFF')
        {
            reader._pos++;
        }

        var root = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (reader._pos < text.Length)
        {
            throw reader.Error("unexpected text after the end of the document");
        }

        return root;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private LinePosition Position => new(_line, _pos - _lineStart);

    // The offending character, or an empty span at a line end or the end of the text, so that the text span and the
    // line span (what hosts show for an additional file) describe the same range.
    private JsonSyntaxException Error(string message)
    {
        var width = _pos < _text.Length && _text[_pos] is not ('\n' or '\r') ? 1 : 0;
        var start = Position;
        return new(message, new TextSpan(Math.Min(_pos, _text.Length), width), new LinePositionSpan(start, new LinePosition(start.Line, start.Character + width)));
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private JsonNode ReadValue(int depth)
    {
        SkipWhitespace();
        if (depth > MaxDepth)
        {
            throw Error("nesting is too deep");
        }

        var start = _pos;
        var startPos = Position;
        switch (Peek())
        {
            case '{':
                return ReadObject(depth, start, startPos);
            case '[':
                return ReadArray(depth, start, startPos);
            case '"':
                var s = ReadString();
                return new JsonNode(JsonKind.String, TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPos, Position)) { Text = s };
            case 't':
                return ReadLiteral("true", JsonKind.True, start, startPos);
            case 'f':
                return ReadLiteral("false", JsonKind.False, start, startPos);
            case 'n':
                return ReadLiteral("null", JsonKind.Null, start, startPos);
            default:
                if (Peek() == '-' || char.IsDigit(Peek()))
                {
                    var number = ReadNumber();
                    return new JsonNode(JsonKind.Number, TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPos, Position)) { Text = number };
                }

                throw _pos >= _text.Length ? Error("unexpected end of the document") : Error($"unexpected character '{Peek()}'");
        }
    }

    private JsonNode ReadObject(int depth, int start, LinePosition startPos)
    {
        _pos++;
        var members = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<JsonNode, JsonNode>>();
        SkipWhitespace();
        if (Peek() != '}')
        {
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("expected a property name in double quotes");
                }

                var nameStart = _pos;
                var namePos = Position;
                var name = ReadString();
                var nameNode = new JsonNode(JsonKind.String, TextSpan.FromBounds(nameStart, _pos), new LinePositionSpan(namePos, Position)) { Text = name };
                SkipWhitespace();
                Expect(':');
                var value = ReadValue(depth + 1);
                members.Add(new(nameNode, value));
                SkipWhitespace();
                if (Peek() == ',')
                {
                    _pos++;
                    continue;
                }

                ExpectEnd('}');
                break;
            }
        }

        SkipWhitespace();
        Expect('}');
        var node = new JsonNode(JsonKind.Object, TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPos, Position));
        node.Members.AddRange(members);
        return node;
    }

    private JsonNode ReadArray(int depth, int start, LinePosition startPos)
    {
        _pos++;
        var items = new System.Collections.Generic.List<JsonNode>();
        SkipWhitespace();
        if (Peek() != ']')
        {
            while (true)
            {
                items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                if (Peek() == ',')
                {
                    _pos++;
                    continue;
                }

                ExpectEnd(']');
                break;
            }
        }

        SkipWhitespace();
        Expect(']');
        var node = new JsonNode(JsonKind.Array, TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPos, Position));
        node.Items.AddRange(items);
        return node;
    }

    // After a member or an item, only a comma or the closing bracket may follow: say both, as the likely mistake is a
    // missing comma.
    private void ExpectEnd(char close)
    {
        if (Peek() != close || _pos >= _text.Length)
        {
            throw _pos >= _text.Length
                ? Error($"unexpected end of the document, expected ',' or '{close}'")
                : Error($"expected ',' or '{close}' but found '{Peek()}'");
        }
    }

    private void Expect(char c)
    {
        if (Peek() != c || _pos >= _text.Length)
        {
            throw _pos >= _text.Length ? Error($"unexpected end of the document, expected '{c}'") : Error($"expected '{c}' but found '{Peek()}'");
        }

        _pos++;
    }

    private JsonNode ReadLiteral(string literal, JsonKind kind, int start, LinePosition startPos)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Error($"unexpected character '{Peek()}'");
        }

        _pos += literal.Length;
        return new JsonNode(kind, TextSpan.FromBounds(start, _pos), new LinePositionSpan(startPos, Position));
    }

    private string ReadNumber()
    {
        var start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        if (Peek() == '0')
        {
            _pos++;
        }
        else if (Peek() is >= '1' and <= '9')
        {
            ReadDigits();
        }
        else
        {
            throw Error("invalid number");
        }

        if (Peek() == '.')
        {
            _pos++;
            RequireDigit();
            ReadDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            RequireDigit();
            ReadDigits();
        }

        return _text.Substring(start, _pos - start);
    }

    private void RequireDigit()
    {
        if (!(Peek() is >= '0' and <= '9'))
        {
            throw Error("invalid number");
        }
    }

    private void ReadDigits()
    {
        while (Peek() is >= '0' and <= '9')
        {
            _pos++;
        }
    }

    private string ReadString()
    {
        _pos++; // opening quote
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return sb.ToString();
            }

            if (c < 0x20)
            {
                throw Error("control character in a string (escape it)");
            }

            if (c != '\\')
            {
                sb.Append(c);
                _pos++;
                continue;
            }

            _pos++;
            var e = Peek();
            _pos++;
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        _pos--;
                        throw Error("invalid \\u escape");
                    }

                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    _pos--;
                    throw Error("invalid escape sequence");
            }
        }
    }
}

/// <summary>Invalid JSON, with where it was found.</summary>
internal sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(string message, TextSpan span, LinePositionSpan lines)
        : base(message)
    {
        Span = span;
        Lines = lines;
    }

    public TextSpan Span { get; }

    public LinePositionSpan Lines { get; }
}
