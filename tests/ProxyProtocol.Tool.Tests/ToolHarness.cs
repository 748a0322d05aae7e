using System.Text;

namespace ProxyProtocol.Tool.Tests;

/// <summary>Runs commands with binary streams and a thread-safe stderr that tests can wait on.</summary>
internal static class ToolHarness
{
    internal static async Task<(int Exit, byte[] Out, string Err)> RunBinaryAsync(byte[] stdin, params string[] args)
    {
        using var binaryIn = new MemoryStream(stdin);
        using var binaryOut = new MemoryStream();
        using var text = new StringWriter();
        var error = new LineWriter();
        var exit = await Cli.RunAsync(args, new ToolConsole(TextReader.Null, text, error, binaryIn, binaryOut));
        return (exit, binaryOut.ToArray(), error.Text);
    }
}

/// <summary>A text writer a test can wait on, line by line (the in-process tool's stderr).</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly LineLog _log = new();

    public override Encoding Encoding => Encoding.UTF8;

    internal string Text => _log.Text;

    public override void Write(char value) => _log.Append(value);

    public override void Write(string? value) => _log.Append(value ?? string.Empty);

    internal Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => _log.WaitForLineAsync(match, timeout, "the tool");
}
