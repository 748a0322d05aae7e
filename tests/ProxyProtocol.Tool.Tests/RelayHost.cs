using System.Net;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Tool.Tests;

/// <summary>Runs <c>proxyproto relay</c> in-process on a free port until disposed (which stops it like Ctrl+C).</summary>
internal sealed partial class RelayHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _run;

    private RelayHost(string[] args)
    {
        _run = Task.Run(() => Cli.RunAsync(["relay", "--listen", "127.0.0.1:0", .. args], new ToolConsole(TextReader.Null, TextWriter.Null, Log), _stop.Token));
    }

    internal LineWriter Log { get; } = new();

    internal IPEndPoint EndPoint { get; private set; } = null!;

    internal static async Task<RelayHost> StartAsync(params string[] args)
    {
        var host = new RelayHost(args);
        var line = await Task.WhenAny(host.Log.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), host._run.ContinueWith(_ => "exited", TaskScheduler.Default));
        var text = await line;
        var match = ListeningOn().Match(text);
        if (!match.Success)
        {
            throw new InvalidOperationException($"relay did not start:\n{host.Log.Text}");
        }

        host.EndPoint = IPEndPoint.Parse(match.Groups[1].Value);
        return host;
    }

    /// <summary>Stops the relay and returns its exit code.</summary>
    internal async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
        Log.Dispose();
    }

    [GeneratedRegex(@"listening on (\S+),")]
    private static partial Regex ListeningOn();
}
