using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>
/// The Kestrel test server (tests/ProxyProtocol.Robustness.Server) in its own process on 127.0.0.1, so memory,
/// handles and logs are its own. It stops when its stdin closes (on dispose, or if this process dies).
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly TestProcess _process;
    private readonly HttpClient _control;

    private ServerProcess(TestProcess process, int proxyPort, int controlPort)
    {
        _process = process;
        ProxyEndPoint = new IPEndPoint(IPAddress.Loopback, proxyPort);
        _control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{controlPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Gets the endpoint that requires a PROXY header.</summary>
    internal IPEndPoint ProxyEndPoint { get; }

    internal static async Task<ServerProcess> StartAsync(TimeSpan headerTimeout, TimeSpan? maxLifetime = null)
    {
        var process = TestProcess.StartDotnet(
            Repository.BuiltDll("tests/ProxyProtocol.Robustness.Server"),
            [
                "--header-timeout-ms", ((int)headerTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                "--max-seconds", ((int)(maxLifetime ?? TimeSpan.FromMinutes(15)).TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ],
            redirectInput: true);
        try
        {
            var ports = await process.WaitForLineAsync(Listening(), TimeSpan.FromSeconds(60));
            return new ServerProcess(process, Port(ports.Groups[1]), Port(ports.Groups[2]));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads the server's counters; with <paramref name="collect"/> after a full garbage collection.</summary>
    internal async Task<ServerStats> StatsAsync(bool collect = false)
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
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(15));
        }
        catch (OperationCanceledException)
        {
            // Not stopped in time: the process's own dispose kills it.
        }
        finally
        {
            await _process.DisposeAsync();
        }
    }

    private static int Port(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^proxy=(\d+) control=(\d+)$")]
    private static partial Regex Listening();
}
