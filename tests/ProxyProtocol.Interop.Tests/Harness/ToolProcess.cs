using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>
/// Runs the built <c>proxyproto</c> tool as its own process (<c>dotnet proxyproto.dll …</c>), as a user would, and reads
/// its log lines. Stopped with SIGTERM (a clean stop), then killed by PID if it does not exit.
/// </summary>
internal sealed partial class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _lines = new(0);

    private ToolProcess(Process process, ITestOutputHelper output)
    {
        _process = process;
        _output = output;
    }

    public IPEndPoint EndPoint { get; private set; } = null!;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "proxyproto.dll");

    /// <summary>Runs a one-shot command (<c>probe</c>, <c>send</c>…) to completion and logs what it printed.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(ITestOutputHelper output, string[] args, TimeSpan timeout)
    {
        output.WriteLine($"proxyproto {string.Join(' ', args)}");
        var (exit, stdout, stderr) = await Peer.RunCapturedAsync(Dotnet, [Dll, .. args], timeout);
        output.WriteLine($"exit {exit}\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}--- end ---");
        return (exit, stdout, stderr);
    }

    public static async Task<ToolProcess> StartRelayAsync(ITestOutputHelper output, string[] args, string listen = "127.0.0.1:0")
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Dll, "relay", "--listen", listen, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var tool = new ToolProcess(process, output);
        process.ErrorDataReceived += (_, e) => tool.Append(e.Data);
        process.OutputDataReceived += (_, e) => tool.Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        output.WriteLine($"started proxyproto (pid {process.Id}): {string.Join(' ', info.ArgumentList)}");
        try
        {
            var line = await tool.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
            tool.EndPoint = IPEndPoint.Parse(ListeningOn().Match(line).Groups[1].Value);
        }
        catch
        {
            await tool.DisposeAsync();
            throw;
        }

        return tool;
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = Stderr.Split('\n').FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"proxyproto exited with {_process.ExitCode}:\n{Stderr}");
            }

            try
            {
                await _lines.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line from proxyproto within {timeout}:\n{Stderr}");
            }
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Assert.True(Kill(_process.Id, SigTerm) == 0, $"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await TerminateAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.WaitForExit(); // drains the output events
        _output.WriteLine($"--- proxyproto (pid {_process.Id}, exit {_process.ExitCode}) ---\n{Stderr}--- end ---");
        _process.Dispose();
        _lines.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Append(line).Append('\n');
        }

        _lines.Release();
    }

    private const int SigTerm = 15;

    // kill(2) directly: no dependency on a kill binary (procps) on the CI machine.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"listening on (\S+),")]
    private static partial Regex ListeningOn();
}
