using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Tests.Shared;

/// <summary>
/// A program a test starts: stdout and stderr go, line by line as they arrive, into <see cref="Output"/> (and to the
/// test's output when one is given, on dispose). A test waits for a line or a listening port; dispose kills whatever is
/// still running of the process tree, so nothing outlives the test.
/// </summary>
internal sealed class TestProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly string _name;
    private readonly Xunit.Abstractions.ITestOutputHelper? _testOutput;
    private int _openStreams = 2;

    private TestProcess(Process process, string name, Xunit.Abstractions.ITestOutputHelper? testOutput)
    {
        _process = process;
        _name = name;
        _testOutput = testOutput;
    }

    /// <summary>The dotnet host that runs the tests (the SDK sets DOTNET_HOST_PATH), so a child runs on the same runtime.</summary>
    internal static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>Standard output and standard error, interleaved as they arrive.</summary>
    internal LineLog Output { get; } = new();

    internal int Id => _process.Id;

    internal int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Standard input, when the process was started with <c>redirectInput</c>.</summary>
    internal StreamWriter StandardInput => _process.StandardInput;

    internal static TestProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        Xunit.Abstractions.ITestOutputHelper? testOutput = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool redirectInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new TestProcess(process, Path.GetFileName(fileName == DotnetHost ? info.ArgumentList[0] : fileName), testOutput);
        process.OutputDataReceived += (_, e) => started.Received(e.Data);
        process.ErrorDataReceived += (_, e) => started.Received(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        testOutput?.WriteLine($"started {started._name} (pid {process.Id}): {fileName} {string.Join(' ', info.ArgumentList)}");
        return started;
    }

    /// <summary>Starts a built .NET program (<see cref="Repository.BuiltDll"/>) as <c>dotnet program.dll</c> in its own
    /// output folder, as users run it.</summary>
    internal static TestProcess StartDotnet(
        string dll,
        IEnumerable<string> arguments,
        Xunit.Abstractions.ITestOutputHelper? testOutput = null,
        IReadOnlyDictionary<string, string>? environment = null,
        bool redirectInput = false) =>
        Start(DotnetHost, [dll, .. arguments], testOutput, Path.GetDirectoryName(dll), environment, redirectInput);

    /// <summary>Runs a program to completion and returns its exit code, stdout and stderr; past <paramref name="timeout"/>
    /// its tree is killed and the run throws.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (exit, stdout, stderr) = await RunBinaryAsync(fileName, arguments, timeout);
        return (exit, Encoding.UTF8.GetString(stdout), stderr);
    }

    /// <summary>As <see cref="RunAsync"/>, with stdout as the bytes the program wrote.</summary>
    internal static async Task<(int Exit, byte[] Stdout, string Stderr)> RunBinaryAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var stdout = new MemoryStream();
        var copied = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}.");
        }

        await copied;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    internal Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => Output.WaitForLineAsync(match, timeout, _name);

    internal Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout) => Output.WaitForLineAsync(pattern, timeout, _name);

    /// <summary>Waits until <paramref name="endPoint"/> accepts connections; throws if the process exits first.</summary>
    internal async Task WaitForPortAsync(IPEndPoint endPoint, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited with {_process.ExitCode} before listening on {endPoint}:\n{Output.Text}");
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
                throw new TimeoutException($"{_name} did not listen on {endPoint} within {timeout} ({ex.SocketErrorCode}):\n{Output.Text}");
            }
        }
    }

    /// <summary>Waits until every endpoint accepts connections and returns this process. If one never does, the process is
    /// killed before the wait throws: a caller that never got the process leaves nothing running.</summary>
    internal async Task<TestProcess> ListeningOnAsync(TimeSpan timeout, params IPEndPoint[] endPoints)
    {
        try
        {
            foreach (var endPoint in endPoints)
            {
                await WaitForPortAsync(endPoint, timeout);
            }

            return this;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM (a clean stop, as Ctrl+C or a service manager asks) and returns the exit code.</summary>
    internal async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Assert.True(Kill(_process.Id, SigTerm) == 0, $"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    internal async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.WaitForExit(); // drains the output events
        _testOutput?.WriteLine($"--- {_name} (pid {_process.Id}, exit {_process.ExitCode}) output ---\n{Output.Text}--- end of {_name} output ---");
        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is not null)
        {
            Output.AppendLine(line);
        }
        else if (Interlocked.Decrement(ref _openStreams) == 0)
        {
            Output.Complete();
        }
    }

    // kill(2) directly: no dependency on a kill binary (procps) on the CI machine.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
