using System.Text;

namespace ProxyProtocol.Generators.Emit;

/// <summary>Writes C# text line by line with four-space indentation and '\n' line ends (stable baselines).</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _sb.Append(' ', _indent * 4);
        }

        _sb.Append(text).Append('\n');
        return this;
    }

    public IndentedWriter Open(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return this;
    }

    public IndentedWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>Writes an XML doc summary, escaping the text.</summary>
    public IndentedWriter Summary(string text) => Line("/// <summary>" + Escape(text) + "</summary>");

    // Line breaks become spaces: a new line would leave the /// comment and break the generated code.
    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' ')
            .Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');

    public override string ToString() => _sb.ToString();
}
