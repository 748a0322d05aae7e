using System.Net;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>
/// Runs the built <c>proxyproto</c> tool as its own process (<c>dotnet proxyproto.dll …</c> in its output folder), as a
/// user would, and reads its log lines. A relay is stopped with SIGTERM (a clean stop), then killed if it does not exit.
/// </summary>
internal sealed partial class ToolProcess : IAsyncDisposable
{
    private readonly TestProcess _process;

    private ToolProcess(TestProcess process) => _process = process;

    internal IPEndPoint EndPoint { get; private set; } = null!;

    internal int? ExitCode => _process.ExitCode;

    /// <summary>What the tool wrote (its log goes to stderr; stdout is interleaved).</summary>
    internal string Stderr => _process.Output.Text;

    private static string Dll => Repository.BuiltDll("src/ProxyProtocol.Tool", "proxyproto");

    /// <summary>Runs a one-shot command (<c>probe</c>, <c>send</c>…) to completion and logs what it printed.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(ITestOutputHelper output, string[] args, TimeSpan timeout)
    {
        output.WriteLine($"proxyproto {string.Join(' ', args)}");
        var (exit, stdout, stderr) = await TestProcess.RunAsync(TestProcess.DotnetHost, [Dll, .. args], timeout);
        output.WriteLine($"exit {exit}\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}--- end ---");
        return (exit, stdout, stderr);
    }

    internal static async Task<ToolProcess> StartRelayAsync(ITestOutputHelper output, string[] args, string listen = "127.0.0.1:0")
    {
        var tool = new ToolProcess(TestProcess.StartDotnet(Dll, ["relay", "--listen", listen, .. args], output));
        try
        {
            var listening = await tool._process.WaitForLineAsync(ListeningOn(), TimeSpan.FromSeconds(20));
            tool.EndPoint = IPEndPoint.Parse(listening.Groups[1].Value);
            return tool;
        }
        catch
        {
            await tool.DisposeAsync();
            throw;
        }
    }

    internal Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => _process.WaitForLineAsync(match, timeout);

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    internal Task<int> TerminateAsync(TimeSpan timeout) => _process.TerminateAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (_process.ExitCode is null)
        {
            try
            {
                await _process.TerminateAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
            {
                // Still running (or already gone): the process's own dispose kills what is left.
            }
        }

        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"listening on (\S+),")]
    private static partial Regex ListeningOn();
}
