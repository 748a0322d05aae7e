using System.Globalization;

namespace ProxyProtocol.Tool.Relay;

/// <summary>Writes whole log lines, one at a time, from any connection's task.</summary>
internal sealed class RelayLog(TextWriter writer)
{
    private readonly Lock _gate = new();

    public void Write(string message)
    {
        var line = $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} proxyproto relay: {message}";
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
