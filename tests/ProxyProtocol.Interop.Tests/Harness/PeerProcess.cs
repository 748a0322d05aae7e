using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>
/// A long-running peer (HAProxy, nginx) started in the foreground with its own files, stopped by its PID on dispose.
/// Its output goes to the test log.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly ITestOutputHelper _output;
    private readonly string _name;

    private PeerProcess(string name, Process process, ITestOutputHelper output)
    {
        _name = name;
        _process = process;
        _output = output;
    }

    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="path"/> and waits until every port in <paramref name="ports"/> accepts connections.</summary>
    public static Task<PeerProcess> StartAsync(string name, string path, IEnumerable<string> args, ITestOutputHelper output, params IPEndPoint[] ports) =>
        StartAsync(name, path, args, null, output, ports);

    public static async Task<PeerProcess> StartAsync(string name, string path, IEnumerable<string> args, string? workingDirectory, ITestOutputHelper output, params IPEndPoint[] ports)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PeerProcess(name, process, output);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output.WriteLine($"started {name} (pid {process.Id}): {path} {string.Join(' ', info.ArgumentList)}");
        try
        {
            foreach (var port in ports)
            {
                await peer.WaitForPortAsync(port, TimeSpan.FromSeconds(15));
            }
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }

        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(); // by PID: only the process this test started
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }

        _output.WriteLine($"--- {_name} (pid {_process.Id}) output ---\n{Log}--- end of {_name} output ---");
        _process.Dispose();
    }

    /// <summary>Waits until the peer's output contains <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{_name} did not log '{text}' within {timeout}:\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Append(line).Append('\n');
        }
    }

    private async Task WaitForPortAsync(IPEndPoint endPoint, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited with {_process.ExitCode} before listening on {endPoint}:\n{Log}");
            }

            using var probe = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(endPoint);
                return;
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"{_name} did not listen on {endPoint} within {timeout} ({ex.SocketErrorCode}):\n{Log}");
            }
        }
    }
}
