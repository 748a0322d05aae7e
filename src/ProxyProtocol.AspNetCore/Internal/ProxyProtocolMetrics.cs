using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// The <c>ProxyProtocol.AspNetCore</c> meter (see <c>dotnet-counters monitor --counters ProxyProtocol.AspNetCore</c>).
/// Names follow OpenTelemetry conventions: dotted lower-case names, UCUM units, <c>error.type</c> for failure reasons.
/// Every connection that reaches the middleware is counted once: accepted, rejected (protocol errors only), empty
/// (closed before a byte: health checks), without a header (optional mode), or as an untrusted peer; a read ended by
/// the server (shutdown) or by another component is recorded in the duration histogram only.
/// </summary>
internal sealed class ProxyProtocolMetrics
{
    public const string MeterName = "ProxyProtocol.AspNetCore";
    public const string AcceptedName = "proxy_protocol.headers.accepted";
    public const string RejectedName = "proxy_protocol.headers.rejected";
    public const string EmptyName = "proxy_protocol.connections.empty";
    public const string WithoutHeaderName = "proxy_protocol.connections.without_header";
    public const string Crc32CMismatchesName = "proxy_protocol.crc32c.mismatches";
    public const string UntrustedPeersName = "proxy_protocol.untrusted_peers";
    public const string DurationName = "proxy_protocol.header.read.duration";

    public const string VersionTag = "proxy_protocol.version";
    public const string CommandTag = "proxy_protocol.command";
    public const string ErrorTypeTag = "error.type";
    public const string PolicyTag = "proxy_protocol.untrusted_peer.policy";

    /// <summary>The <c>error.type</c> of a read ended because Kestrel asked the connection to close.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>The <c>error.type</c> of a read cancelled by another component (<c>CancelPendingRead</c>).</summary>
    public const string Cancelled = "cancelled";

    private static readonly ConditionalWeakTable<IMeterFactory, ProxyProtocolMetrics> PerFactory = new();
    private static readonly Lazy<ProxyProtocolMetrics> Shared = new(() => new ProxyProtocolMetrics(null));

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _empty;
    private readonly Counter<long> _withoutHeader;
    private readonly Counter<long> _crc32CMismatches;
    private readonly Counter<long> _untrustedPeers;
    private readonly Histogram<double> _duration;

    private ProxyProtocolMetrics(IMeterFactory? meterFactory)
    {
        // A meter from the host's IMeterFactory is scoped to that host (tests and multiple hosts do not mix).
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _accepted = meter.CreateCounter<long>(AcceptedName, "{header}", "PROXY headers accepted, by version and command.");
        _rejected = meter.CreateCounter<long>(RejectedName, "{connection}", "Connections closed for a protocol error (invalid, truncated or late header), by error.type.");
        _empty = meter.CreateCounter<long>(EmptyName, "{connection}", "Connections closed by the peer before any byte was read (TCP health checks, port scans); not rejections.");
        _withoutHeader = meter.CreateCounter<long>(WithoutHeaderName, "{connection}", "Connections served without a PROXY header because HeaderRequired is off.");
        _crc32CMismatches = meter.CreateCounter<long>(Crc32CMismatchesName, "{header}", "v2 headers whose CRC32C did not match (rejected, or accepted when RejectCrc32CMismatch is off).");
        _untrustedPeers = meter.CreateCounter<long>(UntrustedPeersName, "{connection}", "Connections from peers outside TrustedNetworks, by policy (reject or skip).");
        _duration = meter.CreateHistogram(DurationName, "s", "Time from connection start to a complete PROXY header, or to the end of a failed read.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30] });
    }

    /// <summary>The metrics for a host: one per <see cref="IMeterFactory"/>, or a process-wide one without it.</summary>
    public static ProxyProtocolMetrics For(IServiceProvider? services) =>
        services?.GetService<IMeterFactory>() is { } factory ? PerFactory.GetValue(factory, f => new ProxyProtocolMetrics(f)) : Shared.Value;

    public void Accepted(ProxyHeader header, TimeSpan elapsed)
    {
        var version = new KeyValuePair<string, object?>(VersionTag, header.Version == ProxyVersion.V1 ? "1" : "2");
        var command = new KeyValuePair<string, object?>(CommandTag, header.Command == ProxyCommand.Local ? "local" : "proxy");
        _accepted.Add(1, version, command);
        _duration.Record(elapsed.TotalSeconds, version);
        if (header.Crc32CVerified == false)
        {
            _crc32CMismatches.Add(1);
        }
    }

    public void Rejected(ProxyError error, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>(ErrorTypeTag, error.GetName());
        _rejected.Add(1, tag);
        _duration.Record(elapsed.TotalSeconds, tag);
        if (error == ProxyError.V2Crc32CMismatch)
        {
            _crc32CMismatches.Add(1);
        }
    }

    public void Empty() => _empty.Add(1);

    public void WithoutHeader() => _withoutHeader.Add(1);

    /// <summary>A read ended from outside (<see cref="Shutdown"/> or <see cref="Cancelled"/>): not a protocol error.</summary>
    public void Ended(string reason, TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(ErrorTypeTag, reason));

    public void UntrustedPeer(UntrustedPeerPolicy policy) =>
        _untrustedPeers.Add(1, new KeyValuePair<string, object?>(PolicyTag, policy == UntrustedPeerPolicy.Skip ? "skip" : "reject"));
}
