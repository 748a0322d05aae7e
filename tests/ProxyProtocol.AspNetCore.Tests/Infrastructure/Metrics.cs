using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>Collectors for every instrument of the meter, from one host's <see cref="IMeterFactory"/>.</summary>
internal sealed class Metrics : IDisposable
{
    public Metrics(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        Accepted = new(factory, ProxyProtocolMetrics.MeterName, ProxyProtocolMetrics.AcceptedName);
        Rejected = new(factory, ProxyProtocolMetrics.MeterName, ProxyProtocolMetrics.RejectedName);
        Empty = new(factory, ProxyProtocolMetrics.MeterName, ProxyProtocolMetrics.EmptyName);
        WithoutHeader = new(factory, ProxyProtocolMetrics.MeterName, ProxyProtocolMetrics.WithoutHeaderName);
        Crc32CMismatches = new(factory, ProxyProtocolMetrics.MeterName, ProxyProtocolMetrics.Crc32CMismatchesName);
        UntrustedPeers = new(factory, ProxyProtocolMetrics.MeterName, ProxyProtocolMetrics.UntrustedPeersName);
        Duration = new(factory, ProxyProtocolMetrics.MeterName, ProxyProtocolMetrics.DurationName);
    }

    public MetricCollector<long> Accepted { get; }

    public MetricCollector<long> Rejected { get; }

    public MetricCollector<long> Empty { get; }

    public MetricCollector<long> WithoutHeader { get; }

    public MetricCollector<long> Crc32CMismatches { get; }

    public MetricCollector<long> UntrustedPeers { get; }

    public MetricCollector<double> Duration { get; }

    /// <summary>The error.type tags of the rejections so far.</summary>
    public IReadOnlyList<string?> RejectionReasons() =>
        Rejected.GetMeasurementSnapshot().Select(m => m.Tags[ProxyProtocolMetrics.ErrorTypeTag] as string).ToList();

    /// <summary>The error.type tags of the duration records so far (every failed read, rejected or ended from outside).</summary>
    public IReadOnlyList<string?> EndedReadReasons() =>
        Duration.GetMeasurementSnapshot().Select(m => m.Tags.TryGetValue(ProxyProtocolMetrics.ErrorTypeTag, out var v) ? v as string : null).Where(r => r is not null).ToList();

    public static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    public void Dispose()
    {
        Accepted.Dispose();
        Rejected.Dispose();
        Empty.Dispose();
        WithoutHeader.Dispose();
        Crc32CMismatches.Dispose();
        UntrustedPeers.Dispose();
        Duration.Dispose();
    }
}
