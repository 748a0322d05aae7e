using System.Diagnostics;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>What one measured run produced: rates, latency percentiles, errors, server allocations.</summary>
internal sealed class RunResult
{
    public required int Connections { get; init; }

    public required int Requests { get; init; }

    public required int Errors { get; init; }

    public string? FirstError { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required double P50Microseconds { get; init; }

    public required double P99Microseconds { get; init; }

    /// <summary>Bytes the server process allocated during the run (control requests included; they cancel out against plain).</summary>
    public long ServerAllocated { get; set; }

    /// <summary>CPU time (user + system) the server process used during the run, control requests included.</summary>
    public TimeSpan ServerCpu { get; set; }

    /// <summary>CPUs the server may run on (its affinity).</summary>
    public int ServerCpus { get; set; } = 1;

    /// <summary>Server CPU per request in microseconds: the cost, independent of whether the server was the bottleneck.</summary>
    public double CpuPerRequestMicroseconds => Requests == 0 ? double.NaN : ServerCpu.TotalMicroseconds / Requests;

    /// <summary>Share of the server's CPUs it used: near 100% means the rate measured the server, not the load generator.</summary>
    public double ServerBusy => ServerCpu / (Elapsed * ServerCpus);

    public double ConnectionsPerSecond => Connections / Elapsed.TotalSeconds;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double AllocatedPerConnection => Connections == 0 ? double.NaN : (double)ServerAllocated / Connections;

    public double AllocatedPerRequest => Requests == 0 ? double.NaN : (double)ServerAllocated / Requests;

    public static RunResult From(IReadOnlyList<LoadClient.Worker> workers, TimeSpan elapsed)
    {
        var count = workers.Sum(w => w.Requests);
        var all = new long[count];
        var at = 0;
        foreach (var w in workers)
        {
            Array.Copy(w.Latencies, 0, all, at, w.Requests);
            at += w.Requests;
        }

        Array.Sort(all);
        return new RunResult
        {
            Connections = workers.Sum(w => w.Connections),
            Requests = count,
            Errors = workers.Sum(w => w.Errors),
            FirstError = workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
            Elapsed = elapsed,
            P50Microseconds = Percentile(all, 0.50),
            P99Microseconds = Percentile(all, 0.99),
        };
    }

    // Nearest rank on sorted Stopwatch ticks, in microseconds.
    private static double Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}

/// <summary>Min / median / max of a handful of runs.</summary>
internal readonly record struct Spread(double Min, double Median, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN);
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(sorted[0], median, sorted[^1]);
    }
}
