using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>Collectors for every instrument of the meter, from one host's <see cref="IMeterFactory"/>.</summary>
internal sealed class Metrics : IDisposable
{
    internal Metrics(IServiceProvider services)
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

    internal MetricCollector<long> Accepted { get; }

    internal MetricCollector<long> Rejected { get; }

    internal MetricCollector<long> Empty { get; }

    internal MetricCollector<long> WithoutHeader { get; }

    internal MetricCollector<long> Crc32CMismatches { get; }

    internal MetricCollector<long> UntrustedPeers { get; }

    internal MetricCollector<double> Duration { get; }

    /// <summary>The error.type tags of the rejections so far.</summary>
    internal IReadOnlyList<string?> RejectionReasons() =>
        Rejected.GetMeasurementSnapshot().Select(m => m.Tags[ProxyProtocolMetrics.ErrorTypeTag] as string).ToList();

    /// <summary>The error.type tags of the duration records so far (every failed read, rejected or ended from outside).</summary>
    internal IReadOnlyList<string?> EndedReadReasons() =>
        Duration.GetMeasurementSnapshot().Select(m => m.Tags.TryGetValue(ProxyProtocolMetrics.ErrorTypeTag, out var v) ? v as string : null).Where(r => r is not null).ToList();

    internal static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

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
