using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Tool.Tests;

/// <summary>
/// <c>proxyproto relay</c> as its own process (<c>dotnet proxyproto.dll</c>), for what a test must not do to its own
/// process, such as lowering the limit of open files. Killed by its id when disposed.
/// </summary>
internal sealed partial class RelayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private RelayProcess(Process process) => _process = process;

    public LineWriter Log { get; } = new();

    public IPEndPoint EndPoint { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    public int OpenFiles => Directory.GetFiles($"/proc/{_process.Id}/fd").Length;

    public static async Task<RelayProcess> StartAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "proxyproto.dll"), "relay", "--listen", "127.0.0.1:0", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        var relay = new RelayProcess(new Process { StartInfo = info });
        relay._process.ErrorDataReceived += (_, e) => relay.Log.Write(e.Data is null ? string.Empty : e.Data + "\n");
        relay._process.Start();
        relay._process.BeginErrorReadLine();
        relay._process.BeginOutputReadLine();
        try
        {
            var line = await relay.Log.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            relay.EndPoint = IPEndPoint.Parse(ListeningOn().Match(line).Groups[1].Value);
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }

        return relay;
    }

    /// <summary>Sets the process's limit of open files (soft and hard), as <c>ulimit -n</c> would have.</summary>
    public void LimitOpenFiles(int limit)
    {
        var rlimit = new RLimit { Current = (ulong)limit, Maximum = (ulong)limit };
        Assert.True(PRLimit(_process.Id, RLimitNoFile, ref rlimit, IntPtr.Zero) == 0, $"prlimit failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Log.Dispose();
    }

    private const int RLimitNoFile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "prlimit", SetLastError = true)]
    private static extern int PRLimit(int pid, int resource, ref RLimit newLimit, IntPtr oldLimit);

    [GeneratedRegex(@"listening on (\S+),")]
    private static partial Regex ListeningOn();
}
