using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.Tool.Tests;

/// <summary>Runs commands with binary streams and a thread-safe stderr that tests can wait on.</summary>
internal static class ToolHarness
{
    public static async Task<(int Exit, byte[] Out, string Err)> RunBinaryAsync(byte[] stdin, params string[] args)
    {
        using var binaryIn = new MemoryStream(stdin);
        using var binaryOut = new MemoryStream();
        using var text = new StringWriter();
        var error = new LineWriter();
        var exit = await Cli.RunAsync(args, new ToolConsole(TextReader.Null, text, error, binaryIn, binaryOut));
        return (exit, binaryOut.ToArray(), error.Text);
    }

    public static Socket Listen(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen(16);
        return socket;
    }

    public static int FreePort()
    {
        using var socket = Listen(IPAddress.Loopback);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }

    public static async Task<Socket> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        return socket;
    }
}

/// <summary>A text writer that keeps whole lines and lets a test wait for one.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly SemaphoreSlim _changed = new(0);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }

        if (value == '\n')
        {
            _changed.Release();
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }

        if (value?.Contains('\n', StringComparison.Ordinal) == true)
        {
            _changed.Release();
        }
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = Text.Split('\n').FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            try
            {
                await _changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {timeout}; got:\n{Text}");
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _changed.Dispose();
        }

        base.Dispose(disposing);
    }
}
