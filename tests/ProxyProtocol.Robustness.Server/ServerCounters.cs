using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ProxyProtocol.Robustness.Server;

/// <summary>Follows Kestrel's active-connection gauge and the PROXY protocol accepted, rejected and empty-connection counters.</summary>
internal sealed class ServerCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _activeConnections;
    private long _accepted;
    private long _empty;

    public ServerCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "kestrel.active_connections" or "proxy_protocol.headers.accepted" or "proxy_protocol.headers.rejected" or "proxy_protocol.connections.empty")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            switch (instrument.Name)
            {
                case "kestrel.active_connections":
                    Interlocked.Add(ref _activeConnections, value);
                    break;
                case "proxy_protocol.headers.accepted":
                    Interlocked.Add(ref _accepted, value);
                    break;
                case "proxy_protocol.connections.empty":
                    Interlocked.Add(ref _empty, value);
                    break;
                default:
                    var reason = "unknown";
                    foreach (var tag in tags)
                    {
                        if (tag.Key == "error.type")
                        {
                            reason = tag.Value?.ToString() ?? reason;
                        }
                    }

                    Rejected.AddOrUpdate(reason, value, (_, n) => n + value);
                    break;
            }
        });
        _listener.Start();
    }

    public long ActiveConnections => Interlocked.Read(ref _activeConnections);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Empty => Interlocked.Read(ref _empty);

    public ConcurrentDictionary<string, long> Rejected { get; } = new(StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
