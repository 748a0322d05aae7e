using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>
/// The Kestrel test server (tests/ProxyProtocol.Robustness.Server) in its own process on 127.0.0.1, so memory,
/// handles and logs are its own. It stops when its stdin closes (on dispose, or if this process dies).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _control;

    private ServerProcess(Process process, int proxyPort, int controlPort)
    {
        _process = process;
        ProxyEndPoint = new IPEndPoint(IPAddress.Loopback, proxyPort);
        _control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{controlPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Gets the endpoint that requires a PROXY header.</summary>
    public IPEndPoint ProxyEndPoint { get; }

    public static async Task<ServerProcess> StartAsync(TimeSpan headerTimeout, TimeSpan? maxLifetime = null)
    {
        var dll = Path.Combine(
            AppContext.BaseDirectory.Replace("ProxyProtocol.Robustness.Tests", "ProxyProtocol.Robustness.Server", StringComparison.Ordinal),
            "ProxyProtocol.Robustness.Server.dll");
        Assert.True(File.Exists(dll), $"server not built: {dll}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--header-timeout-ms");
        info.ArgumentList.Add(((int)headerTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--max-seconds");
        info.ArgumentList.Add(((int)(maxLifetime ?? TimeSpan.FromMinutes(15)).TotalSeconds).ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("server exited before listening");
        var ports = line.Split(' ').Select(p => int.Parse(p.Split('=')[1], CultureInfo.InvariantCulture)).ToArray();
        return new ServerProcess(process, ports[0], ports[1]);
    }

    /// <summary>Reads the server's counters; with <paramref name="collect"/> after a full garbage collection.</summary>
    public async Task<ServerStats> StatsAsync(bool collect = false)
    {
        var text = await _control.GetStringAsync(collect ? "stats?gc=1" : "stats");
        return ServerStats.Parse(text);
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
